package dev.roster.poll;

import dev.roster.avro.ErrorCategory;
import java.time.Duration;

/**
 * How long an account rests after failed polls, by what went wrong. Pure: the caller draws the
 * random number the jitter needs.
 *
 * <ul>
 *   <li>UPSTREAM, TIMEOUT, INVALID_RESPONSE, INTERNAL: transient; exponential from {@link
 *       #firstRetry}, doubling per consecutive failure, capped at the account's interval, then
 *       spread by ±{@link #jitter} so accounts that failed together (an outage) do not all come
 *       back at once.
 *   <li>RATE_LIMITED: as Truto said (its {@code Retry-After}), else one interval; plus up to {@link
 *       #jitter} of it, never less than Truto asked.
 *   <li>AUTH (needs re-authentication), FORBIDDEN, BLOCKED, CONFIG: retrying gives the same answer
 *       until someone fixes the account; re-checked only every {@link #recheckBroken} (a change of
 *       the account's configuration or discovered status resets it at once).
 *   <li>Roster's own API token refused: every account waits {@link #recheckToken}.
 * </ul>
 *
 * @param jitter the share of a transient or rate-limited wait spread at random, in [0, 1)
 */
public record BackoffPolicy(
    Duration firstRetry, Duration recheckBroken, Duration recheckToken, double jitter) {

  public static final BackoffPolicy DEFAULTS =
      new BackoffPolicy(Duration.ofSeconds(30), Duration.ofHours(6), Duration.ofMinutes(5), 0.2);

  public BackoffPolicy {
    if (jitter < 0 || jitter >= 1) {
      throw new IllegalArgumentException("Backoff jitter must be in [0, 1), got " + jitter);
    }
  }

  /**
   * The wait after the {@code consecutiveFailures}-th failure in a row (1 for the first).
   *
   * @param random a number drawn uniformly from [0, 1), for the jitter
   */
  public Duration delay(
      PollFailure failure, int consecutiveFailures, Duration interval, double random) {
    if (failure.fatalForAllAccounts()) {
      return recheckToken;
    }
    ErrorCategory category = failure.category();
    return switch (category) {
      case RATE_LIMITED -> scaled(failure.retryAfter().orElse(interval), 1 + jitter * random);
      case AUTH, FORBIDDEN, BLOCKED, CONFIG -> recheckBroken;
      case UPSTREAM, TIMEOUT, INVALID_RESPONSE, INTERNAL ->
          scaled(exponential(consecutiveFailures, interval), 1 + jitter * (2 * random - 1));
    };
  }

  private Duration exponential(int consecutiveFailures, Duration interval) {
    int doublings = Math.min(Math.max(consecutiveFailures - 1, 0), 20);
    Duration delay = firstRetry.multipliedBy(1L << doublings);
    return delay.compareTo(interval) > 0 ? interval : delay;
  }

  private static Duration scaled(Duration duration, double factor) {
    return Duration.ofMillis(Math.round(duration.toMillis() * factor));
  }
}
