package dev.roster.poll;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * The polls running now, at most one per account, each known by a run number the poller hands it. A
 * poll that was stopped (its account disabled or moved to another instance) may still finish a
 * moment later, after a newer poll of the same account has started: its end must leave the newer
 * poll's entry alone, or the newer poll could no longer be stopped and a third could start beside
 * it. So an ending poll counts only when it is the account's current run.
 *
 * <p>Not thread-safe: the poller's loop owns it.
 */
final class RunningPolls {

  private record Run(long number, Future<?> future) {}

  private final Map<String, Run> byAccount = new HashMap<>();

  /** Records that run {@code number} of {@code accountId} is under way as {@code future}. */
  void started(String accountId, long number, Future<?> future) {
    Run previous = byAccount.put(accountId, new Run(number, future));
    if (previous != null) {
      throw new IllegalStateException(
          "account " + accountId + " already has poll run " + previous.number() + " under way");
    }
  }

  /**
   * Run {@code number} of {@code accountId} ended; returns whether it was the account's current
   * run, whose end the scheduler must learn. A run that was stopped before it ended is not.
   */
  boolean finished(String accountId, long number) {
    Run current = byAccount.get(accountId);
    if (current == null || current.number() != number) {
      return false;
    }
    byAccount.remove(accountId);
    return true;
  }

  /** Interrupts the account's running poll, if any; it ends without a completion marker. */
  void stop(String accountId) {
    Run run = byAccount.remove(accountId);
    if (run != null) {
      run.future().cancel(true);
    }
  }

  /** Interrupts every running poll. */
  void stopAll() {
    byAccount.values().forEach(run -> run.future().cancel(true));
    byAccount.clear();
  }

  boolean isRunning(String accountId) {
    return byAccount.containsKey(accountId);
  }
}
