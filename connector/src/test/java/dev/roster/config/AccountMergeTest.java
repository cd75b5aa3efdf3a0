package dev.roster.config;

import static dev.roster.config.AccountsFileTest.account;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.roster.avro.AccountSource;
import dev.roster.avro.IntegratedAccount;
import dev.roster.testing.LogCapture;
import dev.roster.truto.IntegratedAccountPageParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccountMergeTest {

  @Test
  void discoveryAloneSuppliesAccountsEnabledWhileActive() {
    List<IntegratedAccount> merged =
        AccountMerge.merge(
            List.of(),
            List.of(
                discovered("a1", "okta", "acme", "active"),
                discovered("b2", "slack", null, "needs_reauth")));

    assertThat(merged)
        .containsExactly(
            discoveryAccount("a1", "okta", "acme", Map.of(), null, true, "active"),
            discoveryAccount("b2", "slack", null, Map.of(), null, false, "needs_reauth"));
  }

  @Test
  void theFileAddsQueryParametersAndAnIntervalToADiscoveredAccount() {
    List<IntegratedAccount> merged =
        AccountMerge.merge(
            List.of(
                account("g1", "github", "acme", Map.of("organization_id", "acme-org"), 300L, true)),
            List.of(discovered("g1", "github", "acme", "active")));

    assertThat(merged)
        .containsExactly(
            discoveryAccount(
                "g1",
                "github",
                "acme",
                Map.of("organization_id", "acme-org"),
                300L,
                true,
                "active"));
  }

  @Test
  void theFileCanDisableButNotEnable() {
    List<IntegratedAccount> merged =
        AccountMerge.merge(
            List.of(
                account("a1", "okta", null, Map.of(), null, false),
                account("b2", "okta", null, Map.of(), null, true)),
            List.of(
                discovered("a1", "okta", "acme", "active"),
                discovered("b2", "okta", "acme", "needs_reauth")));

    assertThat(merged)
        .extracting(
            IntegratedAccount::getId, IntegratedAccount::getEnabled, IntegratedAccount::getStatus)
        .containsExactly(tuple("a1", false, "active"), tuple("b2", false, "needs_reauth"));
  }

  @Test
  void theFilesIdentityProviderFlagSurvivesDiscovery() {
    IntegratedAccount notAnIdp =
        IntegratedAccount.newBuilder(account("g1", "googleworkspace", null, Map.of(), null, true))
            .setIdentityProvider(false)
            .build();
    List<IntegratedAccount> merged =
        AccountMerge.merge(
            List.of(notAnIdp),
            List.of(
                discovered("g1", "googleworkspace", "acme", "active"),
                discovered("o1", "okta", "acme", "active")));

    assertThat(merged)
        .extracting(IntegratedAccount::getId, IntegratedAccount::getIdentityProvider)
        .containsExactly(tuple("g1", false), tuple("o1", null));
  }

  @Test
  void aFileAccountDiscoveryDoesNotListStaysAsTheFileSays() {
    IntegratedAccount onlyInFile =
        account("f1", "github", "acme", Map.of("organization_id", "acme-org"), 60L, true);

    List<IntegratedAccount> merged =
        AccountMerge.merge(
            List.of(onlyInFile), List.of(discovered("d1", "okta", "acme", "active")));

    assertThat(merged)
        .containsExactly(
            onlyInFile, discoveryAccount("d1", "okta", "acme", Map.of(), null, true, "active"));
    assertThat(merged.get(0).getSource()).isEqualTo(AccountSource.CONFIG);
  }

  @Test
  void fileAccountsComeFirstInFileOrderThenDiscoveryOnlyAccounts() {
    List<IntegratedAccount> merged =
        AccountMerge.merge(
            List.of(
                account("f2", "okta", null, Map.of(), null, true),
                account("d2", "okta", null, Map.of(), null, true)),
            List.of(
                discovered("d1", "okta", "t", "active"),
                discovered("d2", "okta", "t", "active"),
                discovered("d3", "okta", "t", "active")));

    assertThat(merged).extracting(IntegratedAccount::getId).containsExactly("f2", "d2", "d1", "d3");
  }

  @Test
  void anAccountListedTwiceByDiscoveryIsMergedOnce() {
    List<IntegratedAccount> merged =
        AccountMerge.merge(
            List.of(),
            List.of(
                discovered("a1", "okta", "acme", "active"),
                discovered("a1", "okta", "acme", "active")));

    assertThat(merged).hasSize(1);
  }

  @Test
  void discoverysIntegrationAndTenantWinAndAMismatchIsLogged() {
    try (LogCapture log = new LogCapture()) {
      List<IntegratedAccount> merged =
          AccountMerge.merge(
              List.of(
                  account("a1", "okta", "file-tenant", Map.of(), null, true),
                  account("b2", "okta", "file-tenant", Map.of(), null, true)),
              List.of(
                  discovered("a1", "github", "truto-tenant", "active"),
                  discovered("b2", "okta", null, "active")));

      assertThat(merged)
          .extracting(IntegratedAccount::getIntegration, IntegratedAccount::getTenantId)
          .containsExactly(tuple("github", "truto-tenant"), tuple("okta", "file-tenant"));
      assertThat(log.lines())
          .anySatisfy(
              line ->
                  assertThat(line)
                      .startsWith("WARN dev.roster.config.AccountMerge")
                      .contains("account a1 the integration okta, Truto says github"));
    }
  }

  private static IntegratedAccount discovered(
      String id, String integration, String tenantId, String status) {
    return IntegratedAccountPageParser.discovered(id, integration, tenantId, status);
  }

  private static IntegratedAccount discoveryAccount(
      String id,
      String integration,
      String tenantId,
      Map<String, String> query,
      Long intervalSeconds,
      boolean enabled,
      String status) {
    return IntegratedAccount.newBuilder(
            account(id, integration, tenantId, query, intervalSeconds, enabled))
        .setStatus(status)
        .setSource(AccountSource.DISCOVERY)
        .build();
  }
}
