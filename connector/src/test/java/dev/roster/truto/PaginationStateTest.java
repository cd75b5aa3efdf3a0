package dev.roster.truto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.roster.avro.ErrorCategory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.UniqueElements;
import org.junit.jupiter.api.Test;

class PaginationStateTest {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  /** Limits no test below reaches unless it means to. */
  private static final ListingLimits WIDE = new ListingLimits(1_000, 100, Duration.ofHours(1));

  private final PaginationState state = new PaginationState(WIDE, START);

  /** The next page, a full one, read at the start. */
  private PageStep next(String cursor) {
    return next(state, cursor);
  }

  private static PageStep next(PaginationState poll, String cursor) {
    return poll.next(cursor, 10, START);
  }

  private static PageStep.Stop invalid(String message) {
    return new PageStep.Stop(ErrorCategory.INVALID_RESPONSE, message);
  }

  @Test
  void aNullCursorOnTheFirstPageEndsAtOnce() {
    assertThat(next(null)).isEqualTo(new PageStep.End());
    assertThat(state.pages()).isEqualTo(1);
  }

  @Test
  void anEmptyCursorEndsLikeNull() {
    assertThat(next("a")).isEqualTo(new PageStep.Continue("a"));
    assertThat(next("")).isEqualTo(new PageStep.End());
    assertThat(state.pages()).isEqualTo(2);
  }

  @Test
  void aBlankCursorIsStillACursor() {
    // Only null and "" end the list (as in Truto's SDK); a vendor's cursor may be anything else.
    assertThat(next(" ")).isEqualTo(new PageStep.Continue(" "));
  }

  @Test
  void newCursorsGoOnWhateverThePageHeld() {
    // Short and empty pages with a cursor go on like full ones.
    assertThat(state.next("a", 10, START)).isEqualTo(new PageStep.Continue("a"));
    assertThat(state.next("b", 1, START)).isEqualTo(new PageStep.Continue("b"));
    assertThat(state.next("c", 0, START)).isEqualTo(new PageStep.Continue("c"));
    assertThat(state.pages()).isEqualTo(3);
  }

  @Test
  void theSameCursorTwiceInARowIsALoop() {
    next("a");
    assertThat(next("a"))
        .isEqualTo(
            invalid("pagination loop: page 2 returned the cursor \"a\" that page 1 returned"));
    assertThat(state.pages()).isEqualTo(2);
  }

  @Test
  void aCursorComingBackLaterIsALoop() {
    next("a");
    next("b");
    next("c");
    assertThat(next("b"))
        .isEqualTo(
            invalid("pagination loop: page 4 returned the cursor \"b\" that page 2 returned"));
  }

  @Test
  void aLongCursorIsShownByItsStartAndLength() {
    String cursor = "c".repeat(5000);
    next(cursor);
    PageStep.Stop loop = (PageStep.Stop) next(cursor);
    assertThat(loop.message())
        .hasSizeLessThan(120)
        .contains("\"" + "c".repeat(PaginationState.CURSOR_START_SHOWN) + "…(5000 chars)\"");
    String longestShownWhole = "c".repeat(PaginationState.MAX_CURSOR_CHARS_SHOWN);
    assertThat(PaginationState.shortened(longestShownWhole)).isEqualTo(longestShownWhole);
  }

  @Test
  void cursorsAreComparedExactly() {
    next("abc");
    assertThat(next("ABC")).isEqualTo(new PageStep.Continue("ABC"));
    assertThat(next("abc ")).isEqualTo(new PageStep.Continue("abc "));
  }

  @Test
  void aRunOfEmptyPagesWithFreshCursorsFailsAtTheLimit() {
    PaginationState poll =
        new PaginationState(new ListingLimits(1_000, 3, Duration.ofHours(1)), START);
    assertThat(poll.next("a", 0, START)).isInstanceOf(PageStep.Continue.class);
    assertThat(poll.next("b", 0, START)).isInstanceOf(PageStep.Continue.class);
    assertThat(poll.next("c", 0, START))
        .isEqualTo(
            invalid(
                "pagination without end: 3 empty pages in a row, each with a new cursor (the most"
                    + " allowed is 3)"));
  }

  @Test
  void aPageWithEntriesEndsTheRunOfEmptyOnes() {
    PaginationState poll =
        new PaginationState(new ListingLimits(1_000, 2, Duration.ofHours(1)), START);
    for (int i = 0; i < 10; i++) {
      assertThat(poll.next("empty-" + i, 0, START)).isInstanceOf(PageStep.Continue.class);
      assertThat(poll.next("full-" + i, 1, START)).isInstanceOf(PageStep.Continue.class);
    }
    // An empty last page ends the list whatever came before.
    assertThat(poll.next("empty-10", 0, START)).isInstanceOf(PageStep.Continue.class);
    assertThat(poll.next(null, 0, START)).isEqualTo(new PageStep.End());
  }

  @Test
  void thePageLimitStopsAListingWhoseLastAllowedPageStillHasACursor() {
    PaginationState poll =
        new PaginationState(new ListingLimits(3, 100, Duration.ofHours(1)), START);
    next(poll, "a");
    next(poll, "b");
    assertThat(next(poll, "c"))
        .isEqualTo(
            invalid(
                "pagination without end: page 3 still has a next cursor (the most pages one poll"
                    + " reads is 3)"));
  }

  @Test
  void theLastAllowedPageMayEndTheList() {
    PaginationState poll =
        new PaginationState(new ListingLimits(3, 100, Duration.ofHours(1)), START);
    next(poll, "a");
    next(poll, "b");
    assertThat(next(poll, null)).isEqualTo(new PageStep.End());
  }

  @Test
  void aListingPastItsDeadlineTimesOutButMayStillEnd() {
    PaginationState poll =
        new PaginationState(new ListingLimits(100, 100, Duration.ofMinutes(30)), START);
    assertThat(poll.next("a", 10, START.plus(Duration.ofMinutes(30))))
        .isInstanceOf(PageStep.Continue.class);
    assertThat(poll.next("b", 10, START.plus(Duration.ofMinutes(31))))
        .isEqualTo(
            new PageStep.Stop(
                ErrorCategory.TIMEOUT, "the listing ran past its deadline of PT30M after 2 pages"));
    PaginationState ending =
        new PaginationState(new ListingLimits(100, 100, Duration.ofMinutes(30)), START);
    assertThat(ending.next(null, 10, START.plus(Duration.ofHours(2))))
        .isEqualTo(new PageStep.End());
  }

  @Test
  void theStateRefusesToGoOnAfterTheEnd() {
    next(null);
    assertThatIllegalStateException()
        .isThrownBy(() -> next("a"))
        .withMessageContaining("after page 1");
  }

  @Test
  void theStateRefusesToGoOnAfterAStop() {
    next("a");
    next("a");
    assertThatIllegalStateException().isThrownBy(() -> next("b"));
  }

  @Test
  void eachPollStartsAfresh() {
    next("a");
    PaginationState nextPoll = new PaginationState(WIDE, START);
    assertThat(next(nextPoll, "a")).isEqualTo(new PageStep.Continue("a"));
    assertThat(nextPoll.pages()).isEqualTo(1);
  }

  @Property
  void distinctCursorsThenTheEndCountEveryPage(
      @ForAll @UniqueElements @Size(max = 50)
          List<@StringLength(min = 1, max = 10) String> cursors) {
    PaginationState poll = new PaginationState(WIDE, START);
    for (String cursor : cursors) {
      assertThat(next(poll, cursor)).isEqualTo(new PageStep.Continue(cursor));
    }
    assertThat(next(poll, null)).isEqualTo(new PageStep.End());
    assertThat(poll.pages()).isEqualTo(cursors.size() + 1);
  }

  @Property
  void anyRepeatIsCaughtWhereItHappens(
      @ForAll @UniqueElements @Size(min = 1, max = 30)
          List<@StringLength(min = 1, max = 10) String> cursors,
      @ForAll @IntRange(max = 29) int repeatIndex) {
    int repeated = repeatIndex % cursors.size();
    List<String> sequence = new ArrayList<>(cursors);
    sequence.add(cursors.get(repeated));
    PaginationState poll = new PaginationState(WIDE, START);
    PageStep last = null;
    for (String cursor : sequence) {
      last = next(poll, cursor);
    }
    assertThat(last)
        .isEqualTo(
            invalid(
                "pagination loop: page "
                    + (cursors.size() + 1)
                    + " returned the cursor \""
                    + PaginationState.shortened(cursors.get(repeated))
                    + "\" that page "
                    + (repeated + 1)
                    + " returned"));
  }
}
