package dev.roster.truto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.roster.avro.ErrorCategory;
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

  private final PaginationState state = new PaginationState();

  @Test
  void aNullCursorOnTheFirstPageEndsAtOnce() {
    assertThat(state.next(null)).isEqualTo(new PageStep.End());
    assertThat(state.pages()).isEqualTo(1);
  }

  @Test
  void anEmptyCursorEndsLikeNull() {
    assertThat(state.next("a")).isEqualTo(new PageStep.Continue("a"));
    assertThat(state.next("")).isEqualTo(new PageStep.End());
    assertThat(state.pages()).isEqualTo(2);
  }

  @Test
  void aBlankCursorIsStillACursor() {
    // Only null and "" end the list (as in Truto's SDK); a vendor's cursor may be anything else.
    assertThat(state.next(" ")).isEqualTo(new PageStep.Continue(" "));
  }

  @Test
  void newCursorsGoOnWhateverThePageHeld() {
    // The state never sees page sizes: short and empty pages with a cursor go on like full ones.
    assertThat(state.next("a")).isEqualTo(new PageStep.Continue("a"));
    assertThat(state.next("b")).isEqualTo(new PageStep.Continue("b"));
    assertThat(state.next("c")).isEqualTo(new PageStep.Continue("c"));
    assertThat(state.pages()).isEqualTo(3);
  }

  @Test
  void theSameCursorTwiceInARowIsALoop() {
    state.next("a");
    PageStep step = state.next("a");
    assertThat(step).isEqualTo(new PageStep.LoopDetected("a", 1, 2));
    assertThat(state.pages()).isEqualTo(2);
  }

  @Test
  void aCursorComingBackLaterIsALoop() {
    state.next("a");
    state.next("b");
    state.next("c");
    PageStep.LoopDetected loop = (PageStep.LoopDetected) state.next("b");
    assertThat(loop).isEqualTo(new PageStep.LoopDetected("b", 2, 4));
    assertThat(loop.errorCategory()).isEqualTo(ErrorCategory.INVALID_RESPONSE);
    assertThat(loop.message())
        .isEqualTo("pagination loop: page 4 returned the cursor \"b\" that page 2 returned");
  }

  @Test
  void theLoopMessageCapsALongCursor() {
    String cursor = "c".repeat(1000);
    state.next(cursor);
    PageStep.LoopDetected loop = (PageStep.LoopDetected) state.next(cursor);
    assertThat(loop.message()).hasSizeLessThan(150).contains("c".repeat(64) + "\"");
  }

  @Test
  void cursorsAreComparedExactly() {
    state.next("abc");
    assertThat(state.next("ABC")).isEqualTo(new PageStep.Continue("ABC"));
    assertThat(state.next("abc ")).isEqualTo(new PageStep.Continue("abc "));
  }

  @Test
  void theStateRefusesToGoOnAfterTheEnd() {
    state.next(null);
    assertThatIllegalStateException()
        .isThrownBy(() -> state.next("a"))
        .withMessageContaining("after page 1");
  }

  @Test
  void theStateRefusesToGoOnAfterALoop() {
    state.next("a");
    state.next("a");
    assertThatIllegalStateException().isThrownBy(() -> state.next("b"));
  }

  @Test
  void eachPollStartsAfresh() {
    state.next("a");
    PaginationState nextPoll = new PaginationState();
    assertThat(nextPoll.next("a")).isEqualTo(new PageStep.Continue("a"));
    assertThat(nextPoll.pages()).isEqualTo(1);
  }

  @Property
  void distinctCursorsThenTheEndCountEveryPage(
      @ForAll @UniqueElements @Size(max = 50)
          List<@StringLength(min = 1, max = 10) String> cursors) {
    PaginationState poll = new PaginationState();
    for (String cursor : cursors) {
      assertThat(poll.next(cursor)).isEqualTo(new PageStep.Continue(cursor));
    }
    assertThat(poll.next(null)).isEqualTo(new PageStep.End());
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
    PaginationState poll = new PaginationState();
    PageStep last = null;
    for (String cursor : sequence) {
      last = poll.next(cursor);
    }
    assertThat(last)
        .isEqualTo(
            new PageStep.LoopDetected(cursors.get(repeated), repeated + 1, cursors.size() + 1));
  }
}
