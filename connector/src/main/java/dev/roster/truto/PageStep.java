package dev.roster.truto;

import dev.roster.avro.ErrorCategory;

/** What the poll does after a page, decided by {@link PaginationState#next}. */
public sealed interface PageStep {

  /** Request the page at {@code cursor}. */
  record Continue(String cursor) implements PageStep {}

  /** The directory has been read to its end. */
  record End() implements PageStep {}

  /**
   * Truto handed back a cursor it had already handed back in this poll: following it would loop
   * forever, so the poll fails as an invalid response.
   *
   * @param firstSeenAfterPage the page whose response first carried the cursor (1-based)
   * @param repeatedAfterPage the page whose response carried it again
   */
  record LoopDetected(String cursor, int firstSeenAfterPage, int repeatedAfterPage)
      implements PageStep {

    private static final int CURSOR_CHARS_IN_MESSAGE = 64;

    public ErrorCategory errorCategory() {
      return ErrorCategory.INVALID_RESPONSE;
    }

    public String message() {
      return "pagination loop: page "
          + repeatedAfterPage
          + " returned the cursor \""
          + Strings.truncate(cursor, CURSOR_CHARS_IN_MESSAGE)
          + "\" that page "
          + firstSeenAfterPage
          + " returned";
    }
  }
}
