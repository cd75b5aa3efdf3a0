package dev.roster.cli;

import dev.roster.avro.IntegratedAccount;
import dev.roster.config.AccountMerge;
import dev.roster.config.AccountsFile;
import dev.roster.config.RosterConfig;
import dev.roster.truto.TrutoCallFailed;
import dev.roster.truto.TrutoClient;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The accounts to poll: the accounts file (read again each time, so edits apply without a restart)
 * merged with Truto's discovery when it is enabled, through the Truto client given: the instance's
 * one client, so discovery takes its requests from the same budget as the polls.
 */
final class AccountSources implements Function<TrutoClient, List<IntegratedAccount>> {

  private final RosterConfig config;

  AccountSources(RosterConfig config) {
    this.config = config;
  }

  @Override
  public List<IntegratedAccount> apply(TrutoClient truto) {
    return get(Optional.of(truto));
  }

  /** @param discovery the client discovery uses; none when discovery is disabled and no client was made */
  List<IntegratedAccount> get(Optional<TrutoClient> discovery) {
    List<IntegratedAccount> fromFile = config.accountsFile().map(AccountsFile::load).orElse(List.of());
    if (!config.discoveryEnabled() || discovery.isEmpty()) {
      return fromFile;
    }
    List<IntegratedAccount> discovered;
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
