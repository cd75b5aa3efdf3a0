package dev.roster.truto;

import static dev.roster.truto.UserPageParserTest.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.avro.AccountSource;
import dev.roster.avro.IntegratedAccount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IntegratedAccountPageParserTest {

  private final IntegratedAccountPageParser parser =
      new IntegratedAccountPageParser(UserPageParserTest.DEFAULT_BOUNDS);

  @ParameterizedTest
  @ValueSource(strings = {"result", "results"})
  void readsAccountsUnderEitherKeyAsDiscoveryAccounts(String key) throws Exception {
    IntegratedAccountPage page =
        parser.parse(
            body(
                """
                {'KEY': [{'id': 'ia-1', 'tenant_id': 't1', 'status': 'active', 'integration': {'name': 'okta', 'category': 'x'},
                          'environment_id': 'env-1', 'is_sandbox': false, 'created_at': '2024-01-01T00:00:00.000Z',
                          'updated_at': '2024-02-01 00:00:00', 'context': {'secret-ish': 'ignored'}}],
                 'next_cursor': 'n1', 'limit': 100}
                """
                    .replace("KEY", key)));
    assertThat(page)
        .isEqualTo(
            new IntegratedAccountPage(
                java.util.List.of(
                    IntegratedAccount.newBuilder()
                        .setId("ia-1")
                        .setIntegration("okta")
                        .setTenantId("t1")
                        .setQuery(java.util.Map.of())
                        .setIntervalSeconds(null)
                        .setEnabled(true)
                        .setStatus("active")
                        .setSource(AccountSource.DISCOVERY)
                        .build()),
                java.util.List.of(),
                "n1",
                100L));
  }

  @Test
  void missingOptionalFieldsAreNull() throws Exception {
    IntegratedAccountPage page =
        parser.parse(body("{'result': [{'id': 'ia-1', 'integration': {'name': 'github'}}]}"));
    assertThat(page.accounts())
        .containsExactly(IntegratedAccountPageParser.discovered("ia-1", "github", null, null));
    assertThat(page.nextCursor()).isNull();
    assertThat(page.limit()).isNull();
  }

  @Test
  void aBareIntegrationNameIsAcceptedToo() throws Exception {
    IntegratedAccountPage page =
        parser.parse(body("{'result': [{'id': 7, 'integration': 'okta'}]}"));
    assertThat(page.accounts())
        .extracting(IntegratedAccount::getId, IntegratedAccount::getIntegration)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("7", "okta"));
  }

  @Test
  void unusableAccountsAreSkippedWithAReasonAndTheRestKept() throws Exception {
    IntegratedAccountPage page =
        parser.parse(
            body(
                """
                {'result': ['ia-0', {'integration': {'name': 'okta'}}, {'id': '', 'integration': 'okta'},
                            {'id': 'ia-3'}, {'id': 'ia-4', 'integration': {'id': 'x'}}, {'id': 'ia-5', 'integration': 'okta'}]}
                """));
    assertThat(page.accounts()).extracting(IntegratedAccount::getId).containsExactly("ia-5");
    assertThat(page.skipped())
        .containsExactly(
            "account #0: not an object",
            "account #1: no id",
            "account #2: no id",
            "account #3: account ia-3 has no integration name",
            "account #4: account ia-4 has no integration name");
  }

  @Test
  void onlyActiveAccountsArePolled() {
    assertThat(IntegratedAccountPageParser.discovered("a", "okta", null, "active").getEnabled())
        .isTrue();
    assertThat(
            IntegratedAccountPageParser.discovered("a", "okta", null, "needs_reauth").getEnabled())
        .isFalse();
    assertThat(IntegratedAccountPageParser.discovered("a", "okta", null, null).getEnabled())
        .isFalse();
  }

  @Test
  void bothListKeysAtOnceAreInvalid() {
    assertThatThrownBy(() -> parser.parse(body("{'result': [], 'results': []}")))
        .isInstanceOf(InvalidResponseException.class)
        .hasMessageStartingWith("both `result` and `results` hold results");
  }

  @Test
  void aMissingListIsInvalid() {
    assertThatThrownBy(() -> parser.parse(body("{'next_cursor': null, 'limit': 10}")))
        .isInstanceOf(InvalidResponseException.class)
        .hasMessageStartingWith("no `result` or `results` array");
  }
}
