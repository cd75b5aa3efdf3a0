package dev.roster.cli;

import dev.roster.avro.IntegratedAccount;
import dev.roster.config.RosterConfig;
import dev.roster.sim.TrutoSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A properties file and an accounts file for {@code roster run}, as an operator would write them,
 * pointing at the test's simulator, broker and registry with the same fast settings as {@link
 * TestRoster#settings}.
 */
final class RunConfigFile {

  private RunConfigFile() {}

  /**
   * Writes {@code roster.properties} and {@code accounts.yaml} into {@code dir}; returns the
   * properties file.
   */
  static Path write(
      Path dir,
      TrutoSimulator sim,
      String registryUrl,
      String bootstrapServers,
      String applicationId,
      Path stateDir,
      List<IntegratedAccount> accounts) {
    return write(
        dir, sim, registryUrl, bootstrapServers, applicationId, stateDir, accounts, Map.of());
  }

  /** As above, with {@code overrides} on top. */
  static Path write(
      Path dir,
      TrutoSimulator sim,
      String registryUrl,
      String bootstrapServers,
      String applicationId,
      Path stateDir,
      List<IntegratedAccount> accounts,
      Map<String, String> overrides) {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put(RosterConfig.TRUTO_BASE_URL, sim.baseUrl());
    keys.put(RosterConfig.TRUTO_API_TOKEN, TestRoster.TOKEN);
    keys.put(RosterConfig.TRUTO_ACCOUNT_BUDGET_REQUESTS, "1000");
    keys.put(RosterConfig.TRUTO_ACCOUNT_BUDGET_WINDOW, "1s");
    keys.put(RosterConfig.TRUTO_TOKEN_BUDGET_REQUESTS, "1000");
    keys.put(RosterConfig.TRUTO_TOKEN_BUDGET_WINDOW, "1s");
    keys.put(RosterConfig.KAFKA_BOOTSTRAP_SERVERS, bootstrapServers);
    keys.put("kafka.commit.interval.ms", "100");
    // A killed instance never leaves its groups: let the broker notice within seconds, not 45.
    keys.put("kafka.session.timeout.ms", "6000");
    keys.put("kafka.heartbeat.interval.ms", "1000");
    keys.put(RosterConfig.SCHEMA_REGISTRY_URL, registryUrl);
    keys.put(RosterConfig.APPLICATION_ID, applicationId);
    keys.put(RosterConfig.STATE_DIR, stateDir.toString());
    keys.put(RosterConfig.ACCOUNTS_FILE, accountsFile(dir, accounts).toString());
    keys.put(RosterConfig.POLL_INTERVAL, TestRoster.POLL_INTERVAL.toMillis() + "ms");
    keys.put(RosterConfig.TOPICS_PREFIX, TestRoster.topicSettings(applicationId).prefix());
    keys.put(RosterConfig.TOPICS_PARTITIONS, Integer.toString(TestRoster.PARTITIONS));
    keys.put(RosterConfig.TOPICS_REPLICATION, "1");
    keys.put(RosterConfig.OPS_PORT, "0");
    keys.putAll(overrides);
    Path file = dir.resolve("roster.properties");
    writeString(
        file,
        keys.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("\n", "", "\n")));
    return file;
  }

  private static Path accountsFile(Path dir, List<IntegratedAccount> accounts) {
    StringBuilder yaml = new StringBuilder(accounts.isEmpty() ? "accounts: []\n" : "accounts:\n");
    for (IntegratedAccount account : accounts) {
      yaml.append("  - id: \"")
          .append(account.getId())
          .append("\"\n")
          .append("    integration: \"")
          .append(account.getIntegration())
          .append("\"\n")
          .append("    tenant_id: \"")
          .append(account.getTenantId())
          .append("\"\n");
      if (!account.getQuery().isEmpty()) {
        yaml.append("    query: {")
            .append(
                account.getQuery().entrySet().stream()
                    .map(e -> e.getKey() + ": \"" + e.getValue() + "\"")
                    .collect(Collectors.joining(", ")))
            .append("}\n");
      }
      if (!account.getEnabled()) {
        yaml.append("    enabled: false\n");
      }
      if (account.getIdentityProvider() != null) {
        yaml.append("    identity_provider: ").append(account.getIdentityProvider()).append("\n");
      }
    }
    Path file = dir.resolve("accounts.yaml");
    writeString(file, yaml.toString());
    return file;
  }

  private static void writeString(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
