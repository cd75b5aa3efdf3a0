package dev.roster.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.roster.avro.AccountSource;
import dev.roster.avro.IntegratedAccount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountsFileTest {

  @TempDir Path directory;

  @Test
  void readsEveryFieldAsAConfigAccount() throws IOException {
    Path file =
        write(
            """
        accounts:
          - id: 62f44730-dd91-461e-bd6a-aedd9e0ad79d
            integration: github
            tenant_id: acme
            query: { organization_id: acme-org }
            interval: 5m        # optional
            enabled: true       # optional, default true
          - id: b2
            integration: okta
            enabled: false
          - id: c3
            integration: slack
            interval: PT1H
          - id: d4
            integration: googleworkspace
            identity_provider: false
        """);

    List<IntegratedAccount> accounts = AccountsFile.load(file);

    assertThat(accounts)
        .containsExactly(
            account(
                "62f44730-dd91-461e-bd6a-aedd9e0ad79d",
                "github",
                "acme",
                Map.of("organization_id", "acme-org"),
                300L,
                true),
            account("b2", "okta", null, Map.of(), null, false),
            account("c3", "slack", null, Map.of(), 3600L, true),
            IntegratedAccount.newBuilder(
                    account("d4", "googleworkspace", null, Map.of(), null, true))
                .setIdentityProvider(false)
                .build());
    assertThat(accounts.get(0).getIdentityProvider()).as("unset: the integration decides").isNull();
    assertThat(accounts)
        .allSatisfy(
            account -> {
              assertThat(account.getSource()).isEqualTo(AccountSource.CONFIG);
              assertThat(account.getStatus()).isNull();
            });
  }

  @Test
  void anEmptyListIsNoAccounts() throws IOException {
    assertThat(AccountsFile.load(write("accounts: []\n"))).isEmpty();
    assertThat(AccountsFile.load(write("accounts:\n"))).isEmpty();
  }

  @Test
  void reportsEveryBadEntryNamingTheFileTheIndexAndTheId() throws IOException {
    Path file =
        write(
            """
        accounts:
          - integration: github
          - id: a1
          - id: b2
            integration: okta
            tennant_id: acme
          - id: c3
            integration: okta
            interval: 5x
          - id: d4
            integration: okta
            interval: 0s
          - id: e5
            integration: okta
            enabled: maybe
            identity_provider: perhaps
          - id: b2
            integration: slack
          - id: 0123
            integration: okta
          - id: f6
            integration: okta
            query: { project_id: 42, region: eu }
          - just a string
        """);

    ConfigProblems problems =
        catchThrowableOfType(ConfigProblems.class, () -> AccountsFile.load(file));

    assertThat(problems.problems())
        .containsExactly(
            file + ": accounts[0]: id is missing",
            file + ": accounts[1] (id a1): integration is missing",
            file
                + ": accounts[2] (id b2): unknown key 'tennant_id'"
                + " (known keys: id, integration, tenant_id, query, interval, enabled,"
                + " identity_provider)",
            file + ": accounts[3] (id c3): interval '5x' is not a duration: use " + Durations.FORMS,
            file
                + ": accounts[4] (id d4): interval '0s' must be a whole number of seconds, at least 1s",
            file + ": accounts[5] (id e5): enabled must be true or false, not 'maybe'",
            file + ": accounts[5] (id e5): identity_provider must be true or false, not 'perhaps'",
            file + ": accounts[7]: id must be a string; quote it (id: \"83\")",
            file
                + ": accounts[8] (id f6): query.project_id must be a string; quote it (query.project_id: \"42\")",
            file + ": accounts[9]: must be a mapping with at least id and integration");
  }

  @Test
  void aRepeatedIdIsAProblemNamingBothEntries() throws IOException {
    Path file =
        write(
            """
        accounts:
          - { id: a1, integration: okta }
          - { id: b2, integration: okta }
          - { id: a1, integration: github }
        """);

    ConfigProblems problems =
        catchThrowableOfType(ConfigProblems.class, () -> AccountsFile.load(file));

    assertThat(problems.problems())
        .containsExactly(
            file
                + ": accounts[2] (id a1): the same id as accounts[0]; each account may appear once");
  }

  @Test
  void aKeyRepeatedWithinAnEntryIsNotSilentlyOverwritten() throws IOException {
    Path file =
        write(
            """
        accounts:
          - id: a1
            integration: okta
            integration: github
        """);

    ConfigProblems problems =
        catchThrowableOfType(ConfigProblems.class, () -> AccountsFile.load(file));

    assertThat(problems.problems())
        .singleElement()
        .asString()
        .startsWith(file + ": is not valid YAML (line 4")
        .contains("integration");
  }

  @Test
  void theFileMustHoldAnAccountsList() throws IOException {
    assertSingleProblem(write(""), ": is empty; expected a list of accounts under 'accounts:'");
    assertSingleProblem(
        write("# nothing yet\n"), ": is empty; expected a list of accounts under 'accounts:'");
    assertSingleProblem(write("- id: a1\n"), ": expected a list of accounts under 'accounts:'");
    assertSingleProblem(write("acounts: []\n"), ": expected a list of accounts under 'accounts:'");
    assertSingleProblem(write("accounts: {id: a1}\n"), ": 'accounts' must be a list");
    assertSingleProblem(
        write("accounts: []\nversion: 2\n"),
        ": unknown key 'version' (the file has one key, accounts)");
    assertSingleProblem(write("accounts: [\n"), ": is not valid YAML (line ");
    assertSingleProblem(directory.resolve("missing.yaml"), ": the accounts file does not exist");
  }

  private void assertSingleProblem(Path file, String expected) {
    ConfigProblems problems =
        catchThrowableOfType(ConfigProblems.class, () -> AccountsFile.load(file));
    assertThat(problems).as("%s", expected).isNotNull();
    assertThat(problems.problems()).singleElement().asString().startsWith(file + expected);
  }

  private Path write(String yaml) throws IOException {
    return Files.writeString(Files.createTempFile(directory, "accounts", ".yaml"), yaml);
  }

  static IntegratedAccount account(
      String id,
      String integration,
      String tenantId,
      Map<String, String> query,
      Long intervalSeconds,
      boolean enabled) {
    return IntegratedAccount.newBuilder()
        .setId(id)
        .setIntegration(integration)
        .setTenantId(tenantId)
        .setQuery(query)
        .setIntervalSeconds(intervalSeconds)
        .setEnabled(enabled)
        .setStatus(null)
        .setSource(AccountSource.CONFIG)
        .build();
  }
}
