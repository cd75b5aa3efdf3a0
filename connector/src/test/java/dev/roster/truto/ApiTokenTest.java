package dev.roster.truto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiTokenTest {

  @Test
  void aTokenThatCannotBeAHeaderValueIsRefusedWithoutQuotingIt() {
    for (String broken :
        new String[] {"tok-SECRET\nsecond-line", "\ufefftok-SECRET", "tok SECRET"}) {
      assertThatThrownBy(() -> ApiToken.of(broken))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not visible ASCII")
          .hasMessageNotContaining("SECRET");
    }
  }

  @Test
  void surroundingWhitespaceIsNotPartOfTheToken() {
    assertThat(ApiToken.of(" tok-1\n")).isEqualTo(ApiToken.of("tok-1"));
  }
}
