package dev.roster.truto;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import java.time.Duration;

/**
 * Keeps Roster inside Truto's budgets before Truto has to say 429: every request takes a permit
 * from its account's limiter and from the token's {@link TokenPace}. Permits are spaced evenly (see
 * {@link RequestBudget#spacing()}), so bursts never exceed the budget in any sliding window. The
 * token's pace follows this instance's share of the budget ({@link #shareToken}); a 429 stops the
 * token's pace, or only its account, for as long as it asks ({@link #pause}).
 */
final class RequestPacer {

  /**
   * Waiting longer than this for a permit means something is wrong; the request fails as
   * RATE_LIMITED.
   */
  static final Duration MAX_WAIT = Duration.ofMinutes(10);

  private final RateLimiterRegistry accounts;
  private final TokenPace token;
  private final AccountPauses paused = new AccountPauses(System::nanoTime);

  RequestPacer(RequestBudget perAccount, RequestBudget perToken) {
    this.accounts =
        RateLimiterRegistry.of(
            RateLimiterConfig.custom()
                .limitForPeriod(1)
                .limitRefreshPeriod(perAccount.spacing())
                .timeoutDuration(MAX_WAIT)
                .build());
    this.token = new TokenPace(perToken, System::nanoTime);
  }

  /** Blocks until both the account and the token may send one more request. */
  void acquire(String accountId) throws InterruptedException {
    paused.awaitResume(accountId);
    RateLimiter account = accounts.rateLimiter(accountId);
    if (!account.acquirePermission()) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException(
            "Interrupted while waiting for a request permit of account " + accountId);
      }
      throw new IllegalStateException(
          "No request permit for account " + accountId + " within " + MAX_WAIT);
    }
    if (!token.acquire(MAX_WAIT)) {
      throw new IllegalStateException(
          "No request permit of the API token within "
              + MAX_WAIT
              + " (this instance's share is "
              + token.share()
              + " requests per window)");
    }
  }

  /** This instance may send {@code requests} per window of the token's budget from now on. */
  void shareToken(int requests) {
    token.share(requests);
  }

  int tokenShare() {
    return token.share();
  }

  /**
   * Truto answered 429 to a request of {@code accountId} and said how long to wait: nothing of the
   * account ({@link RateLimitScope#ACCOUNT}) or of the whole instance ({@link
   * RateLimitScope#TOKEN}) leaves before then.
   */
  void pause(RateLimitScope scope, String accountId, Duration wait) {
    switch (scope) {
      case ACCOUNT -> paused.pause(accountId, wait);
      case TOKEN -> token.pause(wait);
    }
  }
}
