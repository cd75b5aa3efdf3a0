package dev.roster.truto;

import java.time.Duration;

/**
 * At most {@code requests} calls in any window of {@code window}: Truto's caps are about 50 per 10
 * s per integrated account and 500 per 10 s per API token.
 */
public record RequestBudget(int requests, Duration window) {

  public static final RequestBudget TRUTO_PER_ACCOUNT =
      new RequestBudget(50, Duration.ofSeconds(10));
  public static final RequestBudget TRUTO_PER_TOKEN =
      new RequestBudget(500, Duration.ofSeconds(10));

  public RequestBudget {
    if (requests < 1) {
      throw new IllegalArgumentException(
          "A request budget needs at least one request per window, got " + requests);
    }
    if (window.isZero() || window.isNegative()) {
      throw new IllegalArgumentException("A request budget needs a positive window, got " + window);
    }
  }

  /**
   * The spacing that keeps every sliding window within budget: a fixed-window limiter of {@code
   * requests} per {@code window} could send twice that across a window boundary, and Truto counts
   * in sliding windows. One request per {@code window / (requests - 1)} puts at most {@code
   * requests} in any window of {@code window}.
   */
  public Duration spacing() {
    return requests == 1 ? window : window.dividedBy(requests - 1);
  }
}
