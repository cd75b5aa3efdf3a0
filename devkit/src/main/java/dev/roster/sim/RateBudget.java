package dev.roster.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * A request budget: at most {@code requests} per {@code window}. Truto's documented caps are 50 per
 * 10 s per integrated account and 500 per 10 s per API token; tests use small windows so they run
 * fast, and benchmarks use {@link #unlimited()}.
 */
public record RateBudget(int requests, Duration window) {

  public RateBudget {
    Objects.requireNonNull(window, "window");
    if (requests < 1) {
      throw new IllegalArgumentException("requests must be at least 1, was " + requests);
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive, was " + window);
    }
  }

  public static RateBudget of(int requests, Duration window) {
    return new RateBudget(requests, window);
  }

  /** A budget no realistic test or benchmark exhausts. */
  public static RateBudget unlimited() {
    return new RateBudget(Integer.MAX_VALUE, Duration.ofSeconds(1));
  }

  public static RateBudget trutoPerAccount() {
    return new RateBudget(50, Duration.ofSeconds(10));
  }

  public static RateBudget trutoPerToken() {
    return new RateBudget(500, Duration.ofSeconds(10));
  }
}
