package dev.roster.poll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.truto.ListingStats;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PollDoubtsTest {

  private static ListingStats stats(long rejected, long duplicates) {
    return new ListingStats(3, 100, 3, rejected, duplicates, 0);
  }

  @Test
  void aCleanListingDoubtsNothing() {
    PollDoubts doubts = PollDoubts.of(stats(0, 0), List.of());
    assertThat(doubts).isEqualTo(PollDoubts.NONE);
  }

  @Test
  void usersWhoseGetFoundNothingAreListedAndRemovalsProceed() {
    PollDoubts doubts = PollDoubts.of(stats(0, 0), List.of("u7", "u9"));
    assertThat(doubts.unconfirmedUserIds()).containsExactly("u7", "u9");
    assertThat(doubts.removalsWithheld()).isEmpty();
  }

  @Test
  void rejectedEntriesOrDuplicateIdsWithholdEveryRemovalAndSayHowMany() {
    assertThat(PollDoubts.of(stats(1, 0), List.of()).removalsWithheld())
        .hasValue(
            "the poll met 1 entry without a usable id (dead-lettered): a user it missed may be one of them, so it removes nobody");
    assertThat(PollDoubts.of(stats(0, 2), List.of()).removalsWithheld())
        .hasValueSatisfying(
            why -> assertThat(why).startsWith("the poll met 2 ids listed twice (dead-lettered):"));
    assertThat(PollDoubts.of(stats(3, 1), List.of("u1")).removalsWithheld())
        .hasValueSatisfying(
            why ->
                assertThat(why)
                    .startsWith(
                        "the poll met 3 entries without a usable id (dead-lettered) and 1 id listed twice"));
  }

  @Test
  void tooManyUnconfirmedUsersToListWithholdRemovalsInstead() {
    List<String> many =
        IntStream.rangeClosed(1, PollDoubts.MAX_UNCONFIRMED_LISTED + 1)
            .mapToObj(i -> "u" + i)
            .toList();
    PollDoubts doubts = PollDoubts.of(stats(0, 0), many);
    assertThat(doubts.unconfirmedUserIds()).isEmpty();
    assertThat(doubts.removalsWithheld())
        .hasValueSatisfying(
            why ->
                assertThat(why)
                    .contains(
                        (PollDoubts.MAX_UNCONFIRMED_LISTED + 1)
                            + " listed users whose get found nothing"));

    List<String> atTheLimit = many.subList(0, PollDoubts.MAX_UNCONFIRMED_LISTED);
    assertThat(PollDoubts.of(stats(0, 0), atTheLimit).unconfirmedUserIds())
        .hasSize(PollDoubts.MAX_UNCONFIRMED_LISTED);
  }
}
