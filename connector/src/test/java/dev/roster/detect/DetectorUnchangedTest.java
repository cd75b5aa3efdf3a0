package dev.roster.detect;

import static dev.roster.detect.DetectorHarness.ACCOUNT;
import static dev.roster.detect.DetectorTopologyTest.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.avro.ChangeType;
import dev.roster.avro.PollSummary;
import dev.roster.avro.User;
import dev.roster.avro.UserChangeEvent;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fingerprints-only observations ({@code UserUnchanged}): the state confirms them, or the user is
 * kept seen and asked for in full (docs/architecture.md#unchanged-users).
 */
class DetectorUnchangedTest {

  private static final DiffRules RULES = DiffRules.defaults();

  private final DetectorHarness detector = new DetectorHarness(DetectorSettings.defaults());

  @AfterEach
  void close() {
    detector.close();
  }

  @Test
  void confirmedFingerprintsKeepTheUserSeenAndWriteNothingButTheSummary() {
    detector.poll(1, List.of(user(1), user(2)));
    detector.drainEvents();
    detector.users.readValuesToList();
    detector.summaries.readValuesToList();

    for (int poll = 2; poll <= 4; poll++) {
      detector.unchanged(poll, user(1), Fingerprints.of(user(1), RULES));
      detector.observe(poll, List.of(user(2)));
      detector.complete(poll, 2);
    }

    assertThat(detector.drainEvents()).as("no event, no removal").isEmpty();
    assertThat(detector.users.readValuesToList()).isEmpty();
    PollSummary last = lastSummary();
    assertThat(last.getUnchanged()).isEqualTo(1);
    assertThat(last.getObservationsRead()).isEqualTo(2);
    assertThat(last.getResendUserIds()).isEmpty();
    assertThat(last.getResendAll()).isFalse();
  }

  @Test
  void fingerprintsTheStateDoesNotHoldKeepTheUserSeenAskForItAndItsChangeComesInFull() {
    detector.poll(1, List.of(user(1), user(2)));
    detector.drainEvents();
    detector.summaries.readValuesToList();
    User promoted = User.newBuilder(user(1)).setTitle("Director").build();

    // The poller believes the detector holds the promoted user (say its full observation failed).
    detector.unchanged(2, user(1), Fingerprints.of(promoted, RULES));
    detector.observe(2, List.of(user(2)));
    detector.complete(2, 2);

    assertThat(detector.drainEvents()).as("not removed, and not guessed either").isEmpty();
    PollSummary asked = lastSummary();
    assertThat(asked.getResendUserIds()).containsExactly("00u1");
    assertThat(asked.getUnchanged()).isZero();

    // Kept seen through more complete polls than the removal guard would need.
    detector.unchanged(3, user(1), Fingerprints.of(promoted, RULES));
    detector.observe(3, List.of(user(2)));
    detector.complete(3, 2);
    assertThat(detector.drainEvents()).isEmpty();
    assertThat(lastSummary().getResendUserIds()).containsExactly("00u1");

    detector.poll(4, List.of(promoted, user(2)));
    assertThat(detector.drainEvents())
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getType()).isEqualTo(ChangeType.USER_UPDATED);
              assertThat(event.getChangedFields()).contains("title");
            });
    assertThat(lastSummary().getResendUserIds()).as("asked once per poll, then done").isEmpty();
  }

  @Test
  void fingerprintsOfAUserTheDetectorDoesNotKnowAskForItWithoutInventingIt() {
    detector.poll(1, List.of(user(1)));
    detector.drainEvents();
    detector.users.readValuesToList();

    detector.unchanged(2, user(1), Fingerprints.of(user(1), RULES));
    detector.unchanged(2, user(7), Fingerprints.of(user(7), RULES));
    detector.complete(2, 2);

    assertThat(detector.drainEvents()).isEmpty();
    assertThat(detector.users.readValuesToList()).isEmpty();
    assertThat(lastSummary().getResendUserIds()).containsExactly("00u7");

    detector.poll(3, List.of(user(1), user(7)));
    assertThat(detector.drainEvents())
        .extracting(UserChangeEvent::getUserId, UserChangeEvent::getType)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("00u7", ChangeType.USER_CREATED));
  }

  @Test
  void moreUsersToAskForThanASummaryListsAskForTheWholeAccount() {
    int many = ObservationProcessor.MAX_RESEND_IDS + 1;
    detector.poll(1, List.of(user(1)));
    detector.summaries.readValuesToList();

    IntStream.rangeClosed(2, many + 1)
        .forEach(n -> detector.unchanged(2, user(n), Fingerprints.of(user(n), RULES)));
    detector.complete(ACCOUNT, 2, many + 1, marker -> marker.setUsersSeen(many + 1));

    PollSummary asked = lastSummary();
    assertThat(asked.getResendAll()).isTrue();
    assertThat(asked.getResendUserIds()).hasSize(ObservationProcessor.MAX_RESEND_IDS);
  }

  @Test
  void aFingerprintsOnlyObservationOfAnAlreadyCompletedPollChangesNothing() {
    detector.poll(1, List.of(user(1)));
    detector.poll(2, List.of(user(1)));
    detector.drainEvents();
    detector.summaries.readValuesToList();

    detector.unchanged(1, user(1), new Fingerprints(1, 2, 3));
    detector.poll(3, List.of());

    assertThat(detector.drainEvents())
        .as("the late observation did not keep the user seen")
        .extracting(UserChangeEvent::getType)
        .containsExactly(ChangeType.USER_REMOVED);
    assertThat(lastSummary().getResendUserIds()).isEmpty();
  }

  private PollSummary lastSummary() {
    List<PollSummary> all = detector.summaries.readValuesToList();
    assertThat(all).isNotEmpty();
    return all.get(all.size() - 1);
  }
}
