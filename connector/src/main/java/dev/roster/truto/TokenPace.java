package dev.roster.truto;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Evenly spaced permits for the API token within this instance's share of its budget ({@link
 * TokenShare}). The share changes when the instance's partitions do, and a 429 that says how long
 * to wait pauses every request of the instance, not only the one that met it. Permits are granted
 * when a request may leave, never reserved ahead, so a smaller share applies at once to every
 * waiting request.
 */
final class TokenPace {

  private final Duration window;
  private final LongSupplier nanoTime;
  private int shareRequests; // guarded by this
  private long lastPermitAt; // guarded by this
  private long pausedUntil; // guarded by this

  TokenPace(RequestBudget share, LongSupplier nanoTime) {
    this.window = share.window();
    this.nanoTime = nanoTime;
    this.shareRequests = share.requests();
    long now = nanoTime.getAsLong();
    this.lastPermitAt = now - window.toNanos();
    this.pausedUntil = now;
  }

  /**
   * From now on at most {@code requests} per window; 0 stops every request until the share grows.
   */
  synchronized void share(int requests) {
    if (requests < 0) {
      throw new IllegalArgumentException(
          "A share of the token budget cannot be negative, got " + requests);
    }
    shareRequests = requests;
    notifyAll();
  }

  synchronized int share() {
    return shareRequests;
  }

  /** No request leaves before {@code wait} has passed: Truto said so. */
  synchronized void pause(Duration wait) {
    pausedUntil = Math.max(pausedUntil, nanoTime.getAsLong() + wait.toNanos());
    notifyAll();
  }

  /**
   * Takes a permit when one is free.
   *
   * @return 0 when the permit was taken, else the nanoseconds until one may be free ({@link
   *     Long#MAX_VALUE} while the share is 0)
   */
  synchronized long tryAcquire() {
    if (shareRequests == 0) {
      return Long.MAX_VALUE;
    }
    long now = nanoTime.getAsLong();
    long next =
        Math.max(
            lastPermitAt + new RequestBudget(shareRequests, window).spacing().toNanos(),
            pausedUntil);
    if (now < next) {
      return next - now;
    }
    lastPermitAt = now;
    return 0;
  }

  /** Blocks until a permit is taken; false when none came within {@code maxWait}. */
  synchronized boolean acquire(Duration maxWait) throws InterruptedException {
    long deadline = nanoTime.getAsLong() + maxWait.toNanos();
    long wait;
    while ((wait = tryAcquire()) > 0) {
      long left = deadline - nanoTime.getAsLong();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, Math.min(wait, left));
    }
    return true;
  }
}
