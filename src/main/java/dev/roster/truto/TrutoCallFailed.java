package dev.roster.truto;

import dev.roster.avro.ErrorCategory;

/**
 * A Truto request that did not succeed after the retries it deserved. The message names the
 * account and the request (path and query, never the token) and carries Truto's own words.
 */
public final class TrutoCallFailed extends Exception {

  private final ErrorCategory category;
  private final boolean fatalForAllAccounts;
  private final boolean needsReauth;

  TrutoCallFailed(ErrorCategory category, String message, boolean fatalForAllAccounts, boolean needsReauth, Throwable cause) {
    super(message, cause);
    this.category = category;
    this.fatalForAllAccounts = fatalForAllAccounts;
    this.needsReauth = needsReauth;
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
