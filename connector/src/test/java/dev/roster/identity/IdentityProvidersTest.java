package dev.roster.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.avro.IntegratedAccount;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdentityProvidersTest {

  private static IntegratedAccount account(
      String id, String integration, String tenant, Boolean idp) {
    return IntegratedAccount.newBuilder()
        .setId(id)
        .setIntegration(integration)
        .setTenantId(tenant)
        .setIdentityProvider(idp)
        .build();
  }

  @Test
  void theIntegrationDecidesUnlessTheAccountSaysOtherwise() {
    IdentityProviders providers = new IdentityProviders(Set.of("okta", "googleworkspace"));
    providers.apply("g1", account("g1", "googleworkspace", "acme", false));
    providers.apply("h1", account("h1", "hibob", "acme", true));

    assertThat(providers.isIdentityProvider("o1", "okta"))
        .as("unknown account, IdP integration")
        .isTrue();
    assertThat(providers.isIdentityProvider("g1", "googleworkspace"))
        .as("overridden off")
        .isFalse();
    assertThat(providers.isIdentityProvider("h1", "hibob")).as("overridden on").isTrue();
    assertThat(providers.isIdentityProvider("s1", "slack")).isFalse();
  }

  @Test
  void aTenantHasAnIdentityProviderWhileOneOfItsAccountsIsOne() {
    IdentityProviders providers = new IdentityProviders(Set.of("okta"));
    providers.apply("s1", account("s1", "slack", "acme", null));
    assertThat(providers.tenantHasIdentityProvider("acme")).isFalse();

    providers.apply("o1", account("o1", "okta", "acme", null));
    providers.apply("o2", account("o2", "okta", null, null));
    assertThat(providers.tenantHasIdentityProvider("acme")).isTrue();
    assertThat(providers.tenantHasIdentityProvider(IdentityMembers.NO_TENANT)).isTrue();
    assertThat(providers.tenantHasIdentityProvider("globex")).isFalse();

    providers.apply("o1", null);
    assertThat(providers.tenantHasIdentityProvider("acme")).as("its IdP account deleted").isFalse();
  }
}
