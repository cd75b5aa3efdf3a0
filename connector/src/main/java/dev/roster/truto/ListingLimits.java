package dev.roster.truto;

import java.time.Duration;

/**
 * How far one listing (a poll of one account, or a discovery) may go before it is taken for a
 * vendor whose pagination never ends (docs/architecture.md#truto-pagination).
 *
 * @param maxPages the most pages one listing reads; a page this far that still carries a cursor
 *     fails the listing
 * @param maxEmptyPagesInARow the most empty pages with a cursor one after another: each may be a
 *     vendor filtering its side, but a run this long is a vendor handing out fresh cursors forever
 * @param maxDuration the longest one listing may run, gets included, checked after each page
 */
public record ListingLimits(int maxPages, int maxEmptyPagesInARow, Duration maxDuration) {

  /**
   * 100,000 pages: ten million users at Truto's default page size. A directory larger than that
   * needs a larger page size, not a larger limit.
   */
  public static final int DEFAULT_MAX_PAGES = 100_000;

  /**
   * 1,000 empty pages in a row: a vendor that filters on its side after paging may answer some
   * empty pages, never a thousand one after the other.
   */
  public static final int DEFAULT_MAX_EMPTY_PAGES_IN_A_ROW = 1_000;

  /**
   * 12 hours: a 10,000-user partial-response account (Okta: a get per user, 50 requests / 10 s per
   * account) takes about 35 minutes; 12 hours lets one of 200,000 users finish.
   */
  public static final Duration DEFAULT_MAX_DURATION = Duration.ofHours(12);

  public static final ListingLimits DEFAULTS =
      new ListingLimits(DEFAULT_MAX_PAGES, DEFAULT_MAX_EMPTY_PAGES_IN_A_ROW, DEFAULT_MAX_DURATION);

  public ListingLimits {
    if (maxPages < 1 || maxEmptyPagesInARow < 1) {
      throw new IllegalArgumentException(
          "maxPages and maxEmptyPagesInARow must be positive, got "
              + maxPages
              + " and "
              + maxEmptyPagesInARow);
    }
    if (maxDuration.isZero() || maxDuration.isNegative()) {
      throw new IllegalArgumentException("maxDuration must be positive, got " + maxDuration);
    }
  }
}
