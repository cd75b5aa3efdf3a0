package dev.roster.app;

import dev.roster.avro.IntegratedAccount;
import dev.roster.detect.RemovalGuardSettings;
import dev.roster.poll.AccountRemovalGuard;
import dev.roster.poll.AccountsGuardListener;
import dev.roster.poll.AccountsOwnership;
import dev.roster.poll.AccountsTable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovery and the accounts table's sync, on one instance at a time: the one that leads ({@link
 * AccountsOwnership#leads()}, the owner of the table's partition 0). It syncs as soon as it takes
 * the lead, its first assignment included, so an empty table gets its first accounts, and then
 * every {@code every}. An instance that loses the lead stops syncing; one that cannot reach Truto
 * keeps the table as it is and tries again on schedule. It remembers what the accounts guard holds
 * ({@link AccountRemovalGuard}) from one sync to the next, for as long as it leads: a new leader
 * starts counting again, which only holds longer.
 */
final class AccountsRefresher {

  private static final Logger LOG = LoggerFactory.getLogger(AccountsRefresher.class);

  private final AccountsTable table;
  private final Supplier<List<IntegratedAccount>> accounts;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "roster-accounts"));
  private final RemovalGuardSettings guard;
  private final AccountsGuardListener listener;
  private volatile boolean leading;
  // Only the executor's one thread reads and writes it.
  private Map<String, Integer> held = Map.of();

  AccountsRefresher(
      AccountsTable table,
      Supplier<List<IntegratedAccount>> accounts,
      Duration every,
      RemovalGuardSettings guard,
      AccountsGuardListener listener) {
    this.table = table;
    this.accounts = accounts;
    this.guard = guard;
    this.listener = listener;
    executor.scheduleWithFixedDelay(
        this::syncIfLeading, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Takes or gives up the lead as the accounts table's partitions say. */
  void ownershipChanged(AccountsOwnership ownership) {
    boolean was = leading;
    leading = ownership.leads();
    if (leading && !was) {
      LOG.info("This instance leads: it runs discovery and syncs the accounts table");
      executor.execute(
          () -> {
            held = Map.of();
            syncIfLeading();
          });
    } else if (was && !leading) {
      LOG.info(
          "This instance no longer leads: another one runs discovery and syncs the accounts table");
    }
  }

  private void syncIfLeading() {
    if (!leading) {
      return;
    }
    try {
      AccountsTable.Synced synced = table.sync(accounts.get(), held, guard);
      held = synced.removals().held();
      listener.accountRemovalsJudged(synced.removals());
    } catch (RuntimeException e) {
      LOG.warn("Could not refresh the accounts table; keeping the current one: {}", e.getMessage());
    }
  }

  void close(Duration budget) throws InterruptedException {
    leading = false;
    executor.shutdownNow();
    executor.awaitTermination(budget.toMillis(), TimeUnit.MILLISECONDS);
  }
}
