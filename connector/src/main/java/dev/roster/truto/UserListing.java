package dev.roster.truto;

import dev.roster.avro.ErrorCategory;
import java.time.Duration;
import java.util.Optional;

/** How a listing of one account's users ended. Only a completed listing may ever imply removals. */
public sealed interface UserListing {

  ListingStats stats();

  /** Every page to the end and every needed get done. */
  record Completed(ListingStats stats) implements UserListing {}

  /**
   * The listing stopped early; what was handed on before is real, but nothing may be inferred from
   * what is missing.
   *
   * @param fatalForAllAccounts Truto refused Roster's own API token
   * @param needsReauth the vendor refused the account's credentials
   * @param retryAfter how long Truto asked to wait before the account is asked again (a 429's
   *     {@code Retry-After})
   */
  record Failed(
      ErrorCategory category,
      String message,
      boolean fatalForAllAccounts,
      boolean needsReauth,
      Optional<Duration> retryAfter,
      ListingStats stats)
      implements UserListing {}
}
