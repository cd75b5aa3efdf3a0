package dev.roster.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class BearerTokenTest {

  private final BearerToken token = BearerToken.of("s3cret-token");

  @Test
  void admitsOnlyTheBearerSchemeWithTheSameToken() {
    assertThat(token.admits(Optional.of("Bearer s3cret-token"))).isTrue();
    assertThat(token.admits(Optional.of("bearer s3cret-token")))
        .as("the scheme is case-insensitive")
        .isTrue();
    assertThat(token.admits(Optional.of("Bearer s3cret-token2"))).isFalse();
    assertThat(token.admits(Optional.of("Bearer s3cret-toke"))).isFalse();
    assertThat(token.admits(Optional.of("Basic s3cret-token"))).isFalse();
    assertThat(token.admits(Optional.of("s3cret-token"))).isFalse();
    assertThat(token.admits(Optional.of("Bearer "))).isFalse();
    assertThat(token.admits(Optional.empty())).isFalse();
  }

  @Test
  void neverShowsItselfAndIsNeverBlank() {
    assertThat(token.toString()).doesNotContain("s3cret");
    assertThatThrownBy(() -> BearerToken.of(" ")).hasMessageContaining("blank");
  }
}
