package dev.roster.truto;

import dev.roster.avro.ErrorCategory;

/** How a listing of one account's users ended. Only a completed listing may ever imply removals. */
public sealed interface UserListing {

  ListingStats stats();

  /** Every page to the end and every needed get done. */
  record Completed(ListingStats stats) implements UserListing {}

  /**
   * The listing stopped early; what was handed on before is real, but nothing may be inferred
   * from what is missing.
   *
   * @param fatalForAllAccounts Truto refused Roster's own API token
   * @param needsReauth the vendor refused the account's credentials
   */
  record Failed(ErrorCategory category, String message, boolean fatalForAllAccounts, boolean needsReauth, ListingStats stats)
      implements UserListing {}
}
