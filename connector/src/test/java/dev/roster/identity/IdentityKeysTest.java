package dev.roster.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.avro.Email;
import dev.roster.avro.IdentityKey;
import dev.roster.avro.StatusCategory;
import dev.roster.avro.User;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentityKeysTest {

  private static final List<IdentityKeyKind> EMAIL = List.of(IdentityKeyKind.EMAIL);

  private static User withEmails(Email... emails) {
    return User.newBuilder(People.user("a", "okta", "t", "u1", null, StatusCategory.ACTIVE))
        .setEmails(List.of(emails))
        .build();
  }

  @Test
  void thePrimaryEmailTrimmedAndLowerCasedIsTheKey() {
    User user =
        withEmails(
            new Email("ada@personal.example", "personal", false),
            new Email("  Ada.Lovelace@ACME.example ", "work", true));
    assertThat(IdentityKeys.of(user, EMAIL))
        .hasValueSatisfying(
            key -> {
              assertThat(key.key()).isEqualTo("email:ada.lovelace@acme.example");
              assertThat(IdentityKeys.emailOf(new IdentityKey("t", key.key())))
                  .isEqualTo("ada.lovelace@acme.example");
            });
  }

  @Test
  void withoutAPrimaryTheWorkEmailThenTheSmallestAddressWinsWhateverTheOrder() {
    assertThat(
            IdentityKeys.of(
                    withEmails(
                        new Email("z@x.example", "personal", null),
                        new Email("w@x.example", "work", null)),
                    EMAIL)
                .orElseThrow()
                .value())
        .isEqualTo("w@x.example");
    User one =
        withEmails(new Email("b@x.example", null, null), new Email("a@x.example", null, null));
    User other =
        withEmails(new Email("a@x.example", null, null), new Email("b@x.example", null, null));
    assertThat(IdentityKeys.of(one, EMAIL)).isEqualTo(IdentityKeys.of(other, EMAIL));
    assertThat(IdentityKeys.of(one, EMAIL).orElseThrow().value()).isEqualTo("a@x.example");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "n/a", "@acme.example", "ada@", "a b@acme.example", "a@b@c"})
  void somethingThatIsNotAnAddressJoinsNobody(String raw) {
    assertThat(IdentityKeys.normaliseEmail(raw)).isEmpty();
    assertThat(IdentityKeys.of(withEmails(new Email(raw, "work", true)), EMAIL)).isEmpty();
  }

  @Test
  void mailtoIsStripped() {
    assertThat(IdentityKeys.normaliseEmail("mailto:Ada@Acme.example")).hasValue("ada@acme.example");
  }

  @Test
  void laterKindsAreTriedInOrderAndPrefixedSoKindsNeverMeet() {
    User noEmail =
        User.newBuilder(People.user("a", "github", "t", "u1", null, StatusCategory.ACTIVE))
            .setUsername("  Ada ")
            .setExternalId("E42")
            .build();
    assertThat(IdentityKeys.of(noEmail, EMAIL)).isEmpty();
    assertThat(
            IdentityKeys.of(noEmail, List.of(IdentityKeyKind.EMAIL, IdentityKeyKind.USERNAME))
                .orElseThrow()
                .key())
        .isEqualTo("username:ada");
    assertThat(IdentityKeys.of(noEmail, List.of(IdentityKeyKind.EXTERNAL_ID)).orElseThrow().key())
        .isEqualTo("external_id:E42");
  }

  @Test
  void keyKindsAreNamedAsTheConfigurationNamesThem() {
    assertThat(IdentityKeyKind.fromConfig(" External_ID ")).isEqualTo(IdentityKeyKind.EXTERNAL_ID);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> IdentityKeyKind.fromConfig("phone"))
        .hasMessageContaining("unknown identity key 'phone'")
        .hasMessageContaining("email, username, external_id");
  }
}
