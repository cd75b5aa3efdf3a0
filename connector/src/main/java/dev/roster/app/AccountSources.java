package dev.roster.app;

import dev.roster.avro.IntegratedAccount;
import dev.roster.config.AccountMerge;
import dev.roster.config.AccountsFile;
import dev.roster.config.RosterConfig;
import dev.roster.truto.TrutoCallFailed;
import dev.roster.truto.TrutoClient;
import java.util.List;
import java.util.function.Function;

/**
 * The accounts to poll: the accounts file (read again each time, so edits apply without a restart)
 * merged with Truto's discovery when it is enabled, through the Truto client given: the instance's
 * one client, so discovery takes its requests from the same budget as the polls.
 */
public final class AccountSources implements Function<TrutoClient, List<IntegratedAccount>> {

  private final RosterConfig config;

  public AccountSources(RosterConfig config) {
    this.config = config;
  }

  /**
   * The accounts to poll now, for a process that runs no Roster instance ({@code roster accounts
   * sync}): discovery, when enabled, through a client of its own for this one call.
   */
  public static List<IntegratedAccount> now(RosterConfig config) {
    AccountSources sources = new AccountSources(config);
    if (!config.discoveryEnabled()) {
      return sources.fromFile(); // no client, so no token needed
    }
    try (TrutoClient discovery =
        new TrutoClient(config.trutoClientSettings(RosterSettings.requireToken(config)))) {
      return sources.apply(discovery);
    }
  }

  @Override
  public List<IntegratedAccount> apply(TrutoClient truto) {
    List<IntegratedAccount> fromFile = fromFile();
    if (!config.discoveryEnabled()) {
      return fromFile;
    }
    List<IntegratedAccount> discovered;
    try {
      discovered = truto.discoverAccounts(config.discoveryFilter());
    } catch (TrutoCallFailed e) {
      throw new IllegalStateException("Account discovery failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted during account discovery", e);
    }
    return AccountMerge.merge(fromFile, discovered);
  }

  private List<IntegratedAccount> fromFile() {
    return config.accountsFile().map(AccountsFile::load).orElse(List.of());
  }
}
