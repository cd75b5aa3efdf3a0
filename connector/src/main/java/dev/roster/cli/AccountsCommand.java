package dev.roster.cli;

import dev.roster.app.AccountSources;
import dev.roster.avro.IntegratedAccount;
import dev.roster.config.RosterConfig;
import dev.roster.poll.AccountsTable;
import dev.roster.registry.SchemaRegistryClient;
import dev.roster.topics.RosterTopics;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The accounts table: what Roster polls. */
@Command(
    name = "accounts",
    mixinStandardHelpOptions = true,
    description = "List or sync the accounts Roster polls (the roster.accounts table).")
final class AccountsCommand {

  @Mixin ConfigOption config;

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Print every account in the accounts table, one JSON object per line.")
  int list() {
    RosterConfig loaded = config.load();
    for (IntegratedAccount account : table(loaded).read().values()) {
      System.out.println(account);
    }
    return 0;
  }

  @Command(
      name = "sync",
      mixinStandardHelpOptions = true,
      description =
          "Make the accounts table equal the accounts file merged with Truto's discovery (when enabled), and print what it holds."
              + " A discovery answer that would remove too many accounts at once (accounts.removal-guard.*) keeps them:"
              + " the running leader removes them when its own answers confirm it.")
  int sync() {
    RosterConfig loaded = config.load();
    // No earlier answers to confirm a hold: what this one answer would remove in bulk stays.
    AccountsTable.Synced synced =
        table(loaded).sync(AccountSources.now(loaded), Map.of(), loaded.accountsGuard());
    System.out.println(synced.written() + " records written");
    synced
        .removals()
        .holdReason()
        .ifPresent(
            reason ->
                System.out.println(
                    synced.removals().held().size()
                        + " accounts kept though discovery no longer lists them: "
                        + reason));
    return list();
  }

  private static AccountsTable table(RosterConfig config) {
    RosterTopics topics =
        new RosterTopics(
            config.topicSettings(),
            new SchemaRegistryClient(config.registryClientConfig()),
            config.serdeConfig());
    return new AccountsTable(topics.accounts, config.kafkaClientProps());
  }
}
