package dev.roster.cli;

import dev.roster.avro.IntegratedAccount;
import dev.roster.config.AccountMerge;
import dev.roster.config.AccountsFile;
import dev.roster.config.RosterConfig;
import dev.roster.truto.DiscoveredAccount;
import dev.roster.truto.TrutoCallFailed;
import dev.roster.truto.TrutoClient;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The accounts to poll: the accounts file (read again each time, so edits apply without a restart)
 * merged with Truto's discovery when it is enabled.
 */
final class AccountSources implements Supplier<List<IntegratedAccount>> {

  private final RosterConfig config;
  private final Optional<TrutoClient> discovery;

  AccountSources(RosterConfig config, Optional<TrutoClient> discovery) {
    this.config = config;
    this.discovery = config.discoveryEnabled() ? discovery : Optional.empty();
  }

  @Override
  public List<IntegratedAccount> get() {
    List<IntegratedAccount> fromFile = config.accountsFile().map(AccountsFile::load).orElse(List.of());
    if (discovery.isEmpty()) {
      return fromFile;
    }
    List<DiscoveredAccount> discovered;
    try {
      discovered = discovery.get().discoverAccounts(config.discoveryFilter());
    } catch (TrutoCallFailed e) {
      throw new IllegalStateException("Account discovery failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted during account discovery", e);
    }
    return AccountMerge.merge(fromFile, discovered);
  }
}
