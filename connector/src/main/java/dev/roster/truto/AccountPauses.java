package dev.roster.truto;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The integrated accounts a vendor's 429 told to wait, each until its own time: requests of a
 * paused account wait, those of every other account go on (docs/architecture.md#truto-rate-limits).
 * Thread-safe.
 */
final class AccountPauses {

  private final LongSupplier nanoTime;
  private final Map<String, Long> pausedUntil = new ConcurrentHashMap<>();

  AccountPauses(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** No request of {@code account} leaves before {@code wait} has passed. */
  void pause(String account, Duration wait) {
    pausedUntil.merge(account, nanoTime.getAsLong() + wait.toNanos(), Math::max);
  }

  /** Nanoseconds until {@code account} may send again; 0 when it may now. */
  long remainingNanos(String account) {
    Long until = pausedUntil.get(account);
    if (until == null) {
      return 0;
    }
    long left = until - nanoTime.getAsLong();
    if (left <= 0) {
      pausedUntil.remove(account, until); // forgotten once over, unless a later pause replaced it
      return 0;
    }
    return left;
  }

  /** Blocks while {@code account} is paused, a pause that grows meanwhile included. */
  void awaitResume(String account) throws InterruptedException {
    for (long left = remainingNanos(account); left > 0; left = remainingNanos(account)) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }
}
