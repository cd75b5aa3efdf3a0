package dev.roster.sim;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Fixed-window request counting per key (an account id or the token), like Truto's "50 requests per
 * 10 s per account". A window opens at the first request after the previous one closed.
 */
final class SimRateLimiter {

  /**
   * The outcome of one request against the budget.
   *
   * @param allowed whether the request fits in the budget
   * @param limit the budget's request count
   * @param remaining requests left in the current window after this one
   * @param resetNanos time until the window closes
   */
  record Decision(boolean allowed, int limit, int remaining, long resetNanos) {}

  private final RateBudget budget;
  private final LongSupplier nanoClock;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  SimRateLimiter(RateBudget budget, LongSupplier nanoClock) {
    this.budget = budget;
    this.nanoClock = nanoClock;
  }

  RateBudget budget() {
    return budget;
  }

  Decision acquire(String key) {
    return windows.computeIfAbsent(key, k -> new Window()).acquire(nanoClock.getAsLong());
  }

  private final class Window {
    private long openedAt;
    private int used;
    private boolean open;

    synchronized Decision acquire(long now) {
      long length = budget.window().toNanos();
      if (!open || now - openedAt >= length) {
        open = true;
        openedAt = now;
        used = 0;
      }
      long reset = openedAt + length - now;
      if (used >= budget.requests()) {
        return new Decision(false, budget.requests(), 0, reset);
      }
      used++;
      return new Decision(true, budget.requests(), budget.requests() - used, reset);
    }
  }
}
