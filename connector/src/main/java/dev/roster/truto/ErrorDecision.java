package dev.roster.truto;

import dev.roster.avro.ErrorCategory;
import java.util.Objects;

/**
 * What the poller does about one failed Truto response, decided by {@link TrutoErrorClassifier}.
 */
public sealed interface ErrorDecision {

  /**
   * For operators: what happened, Truto's own message and error insight included; never a
   * credential.
   */
  String message();

  /** How to go on after a failure. */
  enum Retry {
    /** Retrying gives the same answer. */
    NO,
    /** Transient: retry with capped exponential backoff and jitter. */
    WITH_BACKOFF,
    /**
     * Rate limited: wait as the response says ({@link RateLimitHints}), then ask for the same page
     * again.
     */
    AFTER_RATE_LIMIT_WAIT
  }

  /**
   * The request failed.
   *
   * @param fatalForAllAccounts Roster's own API token was refused: stop every account and say so
   *     loudly
   * @param needsReauth the vendor refused the account's credentials and Truto will keep refusing
   *     until the customer reconnects: back off this account for a long time
   */
  record Failure(
      ErrorCategory category,
      Retry retry,
      boolean fatalForAllAccounts,
      boolean needsReauth,
      String message)
      implements ErrorDecision {

    public Failure {
      Objects.requireNonNull(category, "category");
      Objects.requireNonNull(retry, "retry");
      Objects.requireNonNull(message, "message");
    }

    public boolean retryable() {
      return retry != Retry.NO;
    }
  }

  /**
   * A get answered 404: the user vanished between the list and the get. Not a failure of the poll.
   */
  record UserAbsent(String message) implements ErrorDecision {
    public UserAbsent {
      Objects.requireNonNull(message, "message");
    }
  }
}
