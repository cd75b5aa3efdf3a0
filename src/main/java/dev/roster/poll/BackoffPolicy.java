package dev.roster.poll;

import dev.roster.avro.ErrorCategory;
import java.time.Duration;

/**
 * How long an account rests after failed polls, by what went wrong. Pure.
 *
 * <ul>
 *   <li>UPSTREAM, TIMEOUT, INVALID_RESPONSE, INTERNAL: transient; exponential from {@link #firstRetry},
 *       doubling per consecutive failure, capped at the account's interval.
 *   <li>RATE_LIMITED: as Truto said, else one interval.
 *   <li>AUTH (needs re-authentication), FORBIDDEN, BLOCKED, CONFIG: retrying gives the same answer until
 *       someone fixes the account; re-checked only every {@link #recheckBroken} (a change of the
 *       account's configuration or discovered status resets it at once).
 *   <li>Roster's own API token refused: every account waits {@link #recheckToken}.
 * </ul>
 */
public record BackoffPolicy(Duration firstRetry, Duration recheckBroken, Duration recheckToken) {

  public static final BackoffPolicy DEFAULTS = new BackoffPolicy(Duration.ofSeconds(30), Duration.ofHours(6), Duration.ofMinutes(5));

  /** The wait after the {@code consecutiveFailures}-th failure in a row (1 for the first). */
  public Duration delay(PollFailure failure, int consecutiveFailures, Duration interval) {
    if (failure.fatalForAllAccounts()) {
      return recheckToken;
    }
    ErrorCategory category = failure.category();
    return switch (category) {
      case RATE_LIMITED -> failure.retryAfter().orElse(interval);
      case AUTH, FORBIDDEN, BLOCKED, CONFIG -> recheckBroken;
      case UPSTREAM, TIMEOUT, INVALID_RESPONSE, INTERNAL -> exponential(consecutiveFailures, interval);
    };
  }

  private Duration exponential(int consecutiveFailures, Duration interval) {
    int doublings = Math.min(Math.max(consecutiveFailures - 1, 0), 20);
    Duration delay = firstRetry.multipliedBy(1L << doublings);
    return delay.compareTo(interval) > 0 ? interval : delay;
  }
}
