package dev.roster.truto;

import com.carrotsearch.hppc.LongIntHashMap;
import dev.roster.avro.ErrorCategory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;

/**
 * The cursors of one listing (a poll of one account, or a discovery). After each page the caller
 * calls {@link #next} with the page's {@code next_cursor} and how many entries it held, and follows
 * the answer. Not thread-safe: one listing reads its pages one after another.
 *
 * <p>Truto's rules (docs/architecture.md#truto-pagination): the list ends when {@code next_cursor}
 * is null or empty; a short or even empty page with a cursor is not the end; a cursor that repeats
 * is a loop, not a page. Roster's own bounds ({@link ListingLimits}): at most so many pages, so
 * many empty pages in a row, and so long, whatever the vendor answers.
 *
 * <p>Cursors are remembered as 64-bit hashes (the first bytes of their SHA-256), never as text: a
 * vendor's cursors may be kilobytes each. Two different cursors sharing a hash would be taken for a
 * loop; over the {@link ListingLimits#DEFAULT_MAX_PAGES} of one listing that chance is below
 * 10<sup>-9</sup>, and its cost is one failed poll.
 */
public final class PaginationState {

  /** Cursors longer than this are shown by their start and their length. */
  static final int MAX_CURSOR_CHARS_SHOWN = 24;

  /** How much of a longer cursor is shown. */
  static final int CURSOR_START_SHOWN = 12;

  private final ListingLimits limits;
  private final Instant startedAt;

  /** The hash of each cursor handed back so far, with the page whose response carried it. */
  private final LongIntHashMap pageByCursorHash = new LongIntHashMap();

  private final MessageDigest sha256;
  private int pages;
  private int emptyPagesInARow;
  private boolean finished;

  /**
   * @param startedAt when the listing started, for {@link ListingLimits#maxDuration()}
   */
  public PaginationState(ListingLimits limits, Instant startedAt) {
    this.limits = limits;
    this.startedAt = startedAt;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /**
   * Records one more page read and decides what follows it.
   *
   * @param cursorFromResponse the page's {@code next_cursor} as sent (see {@link
   *     TrutoUserPage#nextCursor()})
   * @param entriesOnPage how many entries the page held
   * @param now the time the page was read
   * @throws IllegalStateException after {@link PageStep.End} or {@link PageStep.Stop}: the listing
   *     is over
   */
  public PageStep next(String cursorFromResponse, long entriesOnPage, Instant now) {
    if (finished) {
      throw new IllegalStateException("the listing's pagination already ended after page " + pages);
    }
    pages++;
    if (cursorFromResponse == null || cursorFromResponse.isEmpty()) {
      finished = true;
      return new PageStep.End();
    }
    emptyPagesInARow = entriesOnPage == 0 ? emptyPagesInARow + 1 : 0;
    int firstSeen = pageByCursorHash.putOrAdd(hash(cursorFromResponse), pages, 0);
    PageStep step;
    if (firstSeen != pages) {
      step =
          stop(
              ErrorCategory.INVALID_RESPONSE,
              "pagination loop: page "
                  + pages
                  + " returned the cursor \""
                  + shortened(cursorFromResponse)
                  + "\" that page "
                  + firstSeen
                  + " returned");
    } else if (emptyPagesInARow >= limits.maxEmptyPagesInARow()) {
      step =
          stop(
              ErrorCategory.INVALID_RESPONSE,
              "pagination without end: "
                  + emptyPagesInARow
                  + " empty pages in a row, each with a new cursor (the most allowed is "
                  + limits.maxEmptyPagesInARow()
                  + ")");
    } else if (pages >= limits.maxPages()) {
      step =
          stop(
              ErrorCategory.INVALID_RESPONSE,
              "pagination without end: page "
                  + pages
                  + " still has a next cursor (the most pages one poll reads is "
                  + limits.maxPages()
                  + ")");
    } else if (Duration.between(startedAt, now).compareTo(limits.maxDuration()) > 0) {
      step =
          stop(
              ErrorCategory.TIMEOUT,
              "the listing ran past its deadline of "
                  + limits.maxDuration()
                  + " after "
                  + pages
                  + " pages");
    } else {
      step = new PageStep.Continue(cursorFromResponse);
    }
    return step;
  }

  /** Pages read so far in this listing. */
  public int pages() {
    return pages;
  }

  /**
   * A cursor as logs and messages show it: whole up to {@value #MAX_CURSOR_CHARS_SHOWN} chars, else
   * its start and its length, so a vendor's kilobyte cursors do not fill logs, poll statuses and
   * dead-letter headers.
   */
  public static String shortened(String cursor) {
    return cursor.length() <= MAX_CURSOR_CHARS_SHOWN
        ? cursor
        : Strings.truncate(cursor, CURSOR_START_SHOWN) + "…(" + cursor.length() + " chars)";
  }

  private PageStep stop(ErrorCategory category, String message) {
    finished = true;
    return new PageStep.Stop(category, message);
  }

  /** The first 8 bytes of the cursor's SHA-256. */
  private long hash(String cursor) {
    return ByteBuffer.wrap(sha256.digest(cursor.getBytes(StandardCharsets.UTF_8))).getLong();
  }
}
