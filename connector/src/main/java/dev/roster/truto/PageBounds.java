package dev.roster.truto;

/**
 * How much of one response body Roster builds in memory (docs/architecture.md#truto-pagination):
 * the body itself is capped by {@link TrutoClientSettings#maxResponseBytes()}, but what it expands
 * to is not — 16 MiB of {@code {},} is 5.6 million objects, hundreds of MiB of trees. A page over
 * either bound fails its poll as INVALID_RESPONSE ({@link PageTooLargeException}).
 *
 * @param maxEntries the most entries one page may hold
 * @param maxTreeBytes the most heap, as {@link TreeBudget} estimates it, that the trees built from
 *     one body may take
 */
public record PageBounds(long maxEntries, long maxTreeBytes) {

  /**
   * A page may hold this many times the {@code limit} asked for: Truto's {@code limit} is "up to",
   * but a vendor that pages by its own size (Okta 200, Google 500) rarely goes ten times over.
   */
  public static final int ENTRIES_PER_LIMIT = 10;

  /** The fewest entries any page may hold, whatever the limit asked: vendors page by their size. */
  public static final int MIN_MAX_ENTRIES = 1_000;

  /**
   * The most integrated accounts one discovery page may hold: discovery asks no {@code limit}, so
   * its pages are Truto's size, undocumented; accounts are small.
   */
  public static final int MAX_DISCOVERY_ENTRIES = 10_000;

  /**
   * The trees of one body may take this many times the body cap: a page of ordinary users expands
   * about 3 to 5 times as trees; 16 MiB of {@code []} about 17 times.
   */
  public static final int TREE_BYTES_PER_BODY_BYTE = 4;

  public PageBounds {
    if (maxEntries < 1 || maxTreeBytes < 1) {
      throw new IllegalArgumentException(
          "page bounds must be positive, got "
              + maxEntries
              + " entries and "
              + maxTreeBytes
              + " bytes");
    }
  }

  /**
   * The bounds of a page asked for with {@code limit}, read under the body cap {@code
   * maxBodyBytes}.
   */
  public static PageBounds of(int limit, int maxBodyBytes) {
    return new PageBounds(
        Math.max(MIN_MAX_ENTRIES, (long) ENTRIES_PER_LIMIT * limit),
        (long) TREE_BYTES_PER_BODY_BYTE * maxBodyBytes);
  }
}
