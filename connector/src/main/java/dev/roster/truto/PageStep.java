package dev.roster.truto;

import dev.roster.avro.ErrorCategory;

/** What the poll does after a page, decided by {@link PaginationState#next}. */
public sealed interface PageStep {

  /** Request the page at {@code cursor}. */
  record Continue(String cursor) implements PageStep {}

  /** The directory has been read to its end. */
  record End() implements PageStep {}

  /**
   * The pagination cannot be followed any further: a cursor came back (a loop), or the listing
   * passed one of its {@link ListingLimits}. The listing fails with {@code category}.
   *
   * @param message what happened, in words; a cursor in it is shortened ({@link
   *     PaginationState#shortened})
   */
  record Stop(ErrorCategory category, String message) implements PageStep {}
}
