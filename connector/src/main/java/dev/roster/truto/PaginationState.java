package dev.roster.truto;

import java.util.HashMap;
import java.util.Map;

/**
 * The cursors of one poll of one account. After each page the poller calls {@link #next} with the
 * page's {@code next_cursor} and follows the answer. Not thread-safe: one poll reads its pages one
 * after another.
 *
 * <p>Truto's rules (docs/architecture.md#truto-pagination): the list ends when {@code next_cursor}
 * is null or empty; a short or even empty page with a cursor is not the end; a cursor that repeats
 * is a loop, not a page.
 */
public final class PaginationState {

  /** Each cursor handed back so far, with the page whose response carried it. */
  private final Map<String, Integer> pageByCursor = new HashMap<>();

  private int pages;
  private boolean finished;

  /**
   * Records one more page read and decides what follows it.
   *
   * @param cursorFromResponse the page's {@code next_cursor} as sent (see {@link
   *     TrutoUserPage#nextCursor()})
   * @throws IllegalStateException after {@link PageStep.End} or {@link PageStep.LoopDetected}: the
   *     poll is over
   */
  public PageStep next(String cursorFromResponse) {
    if (finished) {
      throw new IllegalStateException("the poll's pagination already ended after page " + pages);
    }
    pages++;
    if (cursorFromResponse == null || cursorFromResponse.isEmpty()) {
      finished = true;
      return new PageStep.End();
    }
    Integer firstSeen = pageByCursor.putIfAbsent(cursorFromResponse, pages);
    if (firstSeen != null) {
      finished = true;
      return new PageStep.LoopDetected(cursorFromResponse, firstSeen, pages);
    }
    return new PageStep.Continue(cursorFromResponse);
  }

  /** Pages read so far in this poll. */
  public int pages() {
    return pages;
  }
}
