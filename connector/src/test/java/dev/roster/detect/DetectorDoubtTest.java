package dev.roster.detect;

import static dev.roster.detect.DetectorHarness.ACCOUNT;
import static dev.roster.detect.DetectorTopologyTest.users;
import static dev.roster.detect.DetectorTopologyTest.without;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.avro.ChangeType;
import dev.roster.avro.PollSummary;
import dev.roster.avro.User;
import dev.roster.avro.UserChangeEvent;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A complete poll removes only users whose absence it proves
 * (contract/src/main/avro/PollCompleted.avsc: its doubts).
 */
class DetectorDoubtTest {

  private static final String WITHHELD =
      "the poll met 1 entry without a usable id (dead-lettered): a user it missed may be one of them";

  private final DetectorHarness detector = new DetectorHarness(DetectorSettings.defaults());

  @AfterEach
  void close() {
    detector.close();
  }

  @Test
  void aListedUserWhoseGetFoundNothingIsKeptNotRemovedAndNotCreatedAgain() {
    detector.poll(1, users(12));
    detector.drainEvents();
    detector.users.readKeyValuesToList();

    List<User> readable = without(users(12), "00u5");
    detector.observe(2, readable);
    detector.complete(ACCOUNT, 2, 12, marker -> marker.setUnconfirmedUserIds(List.of("00u5")));

    assertThat(detector.drainEvents()).as("no removal for a user the list still showed").isEmpty();
    assertThat(detector.users.readKeyValuesToList()).as("no tombstone").isEmpty();

    // The next poll reads the user again: nothing happened to it, so nothing is news.
    detector.poll(3, users(12));
    assertThat(detector.drainEvents()).isEmpty();
  }

  @Test
  void anUnconfirmedUserStillChangedIsReportedWhenItIsReadAgain() {
    detector.poll(1, users(3));
    detector.drainEvents();

    detector.observe(2, without(users(3), "00u2"));
    detector.complete(ACCOUNT, 2, 3, marker -> marker.setUnconfirmedUserIds(List.of("00u2")));
    User renamed = User.newBuilder(DetectorTopologyTest.user(2)).setName("Renamed").build();
    detector.poll(3, List.of(DetectorTopologyTest.user(1), renamed, DetectorTopologyTest.user(3)));

    assertThat(detector.drainEvents())
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getType()).isEqualTo(ChangeType.USER_UPDATED);
              assertThat(event.getBefore().getName()).isEqualTo("User 2");
              assertThat(event.getAfter().getName()).isEqualTo("Renamed");
            });
  }

  @Test
  void aPollWithRemovalsWithheldRemovesNobodyAndSaysWhyThenTheNextCleanPollRemoves() {
    detector.poll(1, users(12));
    detector.drainEvents();
    detector.summaries.readValuesToList();

    List<User> withoutFive = without(users(12), "00u5");
    detector.observe(2, withoutFive);
    detector.complete(ACCOUNT, 2, 11, marker -> marker.setRemovalsWithheld(WITHHELD));

    assertThat(detector.drainEvents()).as("a poll in doubt removes nobody").isEmpty();
    PollSummary summary = detector.summaries.readValue();
    assertThat(summary.getRemovalsWithheld()).isEqualTo(WITHHELD);
    assertThat(summary.getRemovalsHeld()).isEqualTo(1);
    assertThat(summary.getGuardReason()).isNull();

    // A withheld poll is no miss: the next clean poll that misses the user removes it at once, not
    // later.
    detector.poll(3, withoutFive);
    assertThat(detector.drainEvents())
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getType()).isEqualTo(ChangeType.USER_REMOVED);
              assertThat(event.getUserId()).isEqualTo("00u5");
            });
  }

  @Test
  void aWithheldPollTeachesTheGuardNothing() {
    detector.poll(1, users(20));
    detector.drainEvents();

    // A poll in doubt that saw only 10: were it taken as the account's new size, the next poll's 15
    // would
    // look like growth and its 5 missing users would be removed without the guard's share being
    // judged on 20.
    detector.observe(2, users(10));
    detector.complete(ACCOUNT, 2, 10, marker -> marker.setRemovalsWithheld(WITHHELD));
    detector.poll(3, users(10));

    List<UserChangeEvent> events = detector.drainEvents();
    assertThat(events)
        .as("10 of 20 missing is held by the guard, judged against the 20 known")
        .isEmpty();
    List<PollSummary> summaries = detector.summaries.readValuesToList();
    assertThat(summaries.get(summaries.size() - 1).getGuardReason()).contains("10 of 20");
  }
}
