package dev.roster.truto;

import java.time.Duration;

/**
 * How hard one request is tried before its poll fails: transient failures (500, 502, 504, timeouts)
 * back off exponentially with jitter; 429s wait as Truto says, capped.
 *
 * @param maxAttempts attempts per request, the first included
 * @param initialBackoff wait before the first retry of a transient failure
 * @param maxBackoff cap of the exponential backoff
 * @param maxRateLimitWait longest wait Roster honours from Retry-After or ratelimit-reset
 */
public record RetrySettings(
    int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRateLimitWait) {

  public static final RetrySettings DEFAULTS =
      new RetrySettings(6, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(120));

  public RetrySettings {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    if (initialBackoff.isNegative()
        || maxBackoff.compareTo(initialBackoff) < 0
        || maxRateLimitWait.isNegative()) {
      throw new IllegalArgumentException(
          "Backoffs must be positive and maxBackoff >= initialBackoff");
    }
  }
}
