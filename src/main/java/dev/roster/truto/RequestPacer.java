package dev.roster.truto;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import java.time.Duration;

/**
 * Keeps Roster inside Truto's budgets before Truto has to say 429: every request takes a permit
 * from its account's limiter and from the token's. Permits are spaced evenly (see
 * {@link RequestBudget#spacing()}), so bursts never exceed the budget in any sliding window.
 */
final class RequestPacer {

  /** Waiting longer than this for a permit means something is wrong; the request fails as RATE_LIMITED. */
  static final Duration MAX_WAIT = Duration.ofMinutes(10);

  private final RateLimiterRegistry accounts;
  private final RateLimiter token;

  RequestPacer(RequestBudget perAccount, RequestBudget perToken) {
    this.accounts = RateLimiterRegistry.of(config(perAccount));
    this.token = RateLimiter.of("truto-token", config(perToken));
  }

  private static RateLimiterConfig config(RequestBudget budget) {
    return RateLimiterConfig.custom()
        .limitForPeriod(1)
        .limitRefreshPeriod(budget.spacing())
        .timeoutDuration(MAX_WAIT)
        .build();
  }

  /** Blocks until both the account and the token may send one more request. */
  void acquire(String accountId) throws InterruptedException {
    acquire(accounts.rateLimiter(accountId));
    acquire(token);
  }

  private static void acquire(RateLimiter limiter) throws InterruptedException {
    if (!limiter.acquirePermission()) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("Interrupted while waiting for a request permit of " + limiter.getName());
      }
      throw new IllegalStateException("No request permit from " + limiter.getName() + " within " + MAX_WAIT);
    }
  }
}
