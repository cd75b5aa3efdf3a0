package dev.roster.truto;

import dev.roster.avro.ErrorCategory;
import java.time.Duration;
import java.util.Optional;

/**
 * A Truto request that did not succeed after the retries it deserved. The message names the account
 * and the request (path and query, never the token) and carries Truto's own words.
 */
public final class TrutoCallFailed extends Exception {

  private final ErrorCategory category;
  private final boolean fatalForAllAccounts;
  private final boolean needsReauth;
  private final Optional<Duration> retryAfter;

  TrutoCallFailed(
      ErrorCategory category,
      String message,
      boolean fatalForAllAccounts,
      boolean needsReauth,
      Throwable cause) {
    this(category, message, fatalForAllAccounts, needsReauth, Optional.empty(), cause);
  }

  /**
   * @param retryAfter how long Truto asked to wait (a 429's {@code Retry-After}), when it said
   */
  TrutoCallFailed(
      ErrorCategory category,
      String message,
      boolean fatalForAllAccounts,
      boolean needsReauth,
      Optional<Duration> retryAfter,
      Throwable cause) {
    super(message, cause);
    this.retryAfter = retryAfter;
    this.category = category;
    this.fatalForAllAccounts = fatalForAllAccounts;
    this.needsReauth = needsReauth;
  }

  /** How long Truto asked Roster to wait before asking again, when it said. */
  public Optional<Duration> retryAfter() {
    return retryAfter;
  }

  public ErrorCategory category() {
    return category;
  }

  /** Truto refused Roster's own API token: every account is affected. */
  public boolean fatalForAllAccounts() {
    return fatalForAllAccounts;
  }

  /** The vendor refused the account's credentials until the customer reconnects it. */
  public boolean needsReauth() {
    return needsReauth;
  }
}
