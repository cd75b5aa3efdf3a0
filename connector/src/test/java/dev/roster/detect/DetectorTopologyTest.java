package dev.roster.detect;

import static dev.roster.detect.DetectorHarness.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.avro.ChangeType;
import dev.roster.avro.PollSummary;
import dev.roster.avro.Role;
import dev.roster.avro.StatusCategory;
import dev.roster.avro.User;
import dev.roster.avro.UserChangeEvent;
import dev.roster.avro.UserKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DetectorTopologyTest {

  private final DetectorHarness detector = new DetectorHarness(DetectorSettings.defaults());

  @AfterEach
  void close() {
    detector.close();
  }

  static User user(int n) {
    return User.newBuilder()
        .setId("00u" + n)
        .setIntegratedAccountId(ACCOUNT)
        .setIntegration("okta")
        .setTenantId("acme")
        .setName("User " + n)
        .setTitle("Engineer")
        .setStatus("ACTIVE")
        .setStatusCategory(StatusCategory.ACTIVE)
        .setRoles(
            List.of(
                new Role("r1", "Admin", null, null, null),
                new Role("r2", "Viewer", null, null, null)))
        .setRemoteData("{\"n\":" + n + "}")
        .setLastLoginAt(Instant.parse("2026-11-01T08:00:00Z"))
        .setObservedAt(DetectorHarness.START)
        .build();
  }

  static List<User> users(int count) {
    return IntStream.rangeClosed(1, count).mapToObj(DetectorTopologyTest::user).toList();
  }

  static List<User> replace(List<User> users, User changed) {
    List<User> copy = new ArrayList<>(users);
    copy.replaceAll(u -> u.getId().equals(changed.getId()) ? changed : u);
    return copy;
  }

  static List<User> without(List<User> users, String id) {
    return users.stream().filter(u -> !u.getId().equals(id)).toList();
  }

  @Test
  void theFirstCompletePollIsTheBaselineNotNews() {
    detector.poll(1, users(3));

    List<UserChangeEvent> events = detector.drainEvents();
    assertThat(events)
        .extracting(UserChangeEvent::getType)
        .containsOnly(ChangeType.USER_DISCOVERED)
        .hasSize(3);
    assertThat(events)
        .allSatisfy(
            event -> {
              assertThat(event.getBefore()).isNull();
              assertThat(event.getAfter()).isNotNull();
              assertThat(event.getPollId()).isEqualTo(1);
            });
    assertThat(detector.users.readKeyValuesToList()).hasSize(3);
    PollSummary summary = detector.summaries.readValue();
    assertThat(summary.getDiscovered()).isEqualTo(3);
    assertThat(summary.getUsersSeen()).isEqualTo(3);
  }

  @Test
  void aNewUserAfterTheBaselineIsCreatedAndUnchangedUsersAreSilent() {
    detector.poll(1, users(3));
    detector.drainEvents();
    detector.users.readKeyValuesToList();

    detector.poll(2, users(4));

    assertThat(detector.drainEvents())
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getType()).isEqualTo(ChangeType.USER_CREATED);
              assertThat(event.getUserId()).isEqualTo("00u4");
            });
    assertThat(detector.users.readKeyValuesToList())
        .as("only the new user is written to the table")
        .singleElement()
        .satisfies(kv -> assertThat(kv.key.getUserId()).isEqualTo("00u4"));
  }

  @Test
  void aStatusChangeWinsOverOtherChangesAndListsThemAll() {
    detector.poll(1, users(2));
    detector.drainEvents();
    User leaver =
        User.newBuilder(user(2))
            .setStatus("SUSPENDED")
            .setStatusCategory(StatusCategory.INACTIVE)
            .setTitle("Former engineer")
            .build();

    detector.poll(2, replace(users(2), leaver));

    assertThat(detector.drainEvents())
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getType()).isEqualTo(ChangeType.USER_STATUS_CHANGED);
              assertThat(event.getChangedFields())
                  .containsExactly("title", "status", "status_category");
              assertThat(event.getPreviousStatus()).isEqualTo("ACTIVE");
              assertThat(event.getStatus()).isEqualTo("SUSPENDED");
              assertThat(event.getPreviousStatusCategory()).isEqualTo(StatusCategory.ACTIVE);
              assertThat(event.getStatusCategory()).isEqualTo(StatusCategory.INACTIVE);
              assertThat(event.getBefore().getTitle()).isEqualTo("Engineer");
              assertThat(event.getAfter().getTitle()).isEqualTo("Former engineer");
            });
  }

  @Test
  void otherChangesAreUpdatesNamingTheFields() {
    detector.poll(1, users(2));
    detector.drainEvents();
    User promoted =
        User.newBuilder(user(1))
            .setRoles(List.of(new Role("r3", "Owner", null, null, null)))
            .setIs2faEnabled(true)
            .build();

    detector.poll(2, replace(users(2), promoted));

    assertThat(detector.drainEvents())
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getType()).isEqualTo(ChangeType.USER_UPDATED);
              assertThat(event.getChangedFields()).containsExactly("is_2fa_enabled", "roles");
            });
  }

  @Test
  void quietFieldsUpdateTheTableButRaiseNoEventAndRemoteDataAloneChangesNothing() {
    detector.poll(1, users(2));
    detector.drainEvents();
    detector.users.readKeyValuesToList();
    User loggedIn =
        User.newBuilder(user(1)).setLastLoginAt(Instant.parse("2026-11-27T09:00:00Z")).build();
    User rawOnly = User.newBuilder(user(2)).setRemoteData("{\"n\":2,\"etag\":\"x\"}").build();

    detector.poll(2, List.of(loggedIn, rawOnly));

    assertThat(detector.drainEvents()).isEmpty();
    assertThat(detector.users.readKeyValuesToList())
        .singleElement()
        .satisfies(
            kv -> {
              assertThat(kv.key.getUserId()).isEqualTo("00u1");
              assertThat(kv.value.getLastLoginAt())
                  .isEqualTo(Instant.parse("2026-11-27T09:00:00Z"));
            });
  }

  @Test
  void reorderedRolesAreNotAChange() {
    detector.poll(1, users(1));
    detector.drainEvents();
    User reordered =
        User.newBuilder(user(1))
            .setRoles(
                List.of(
                    new Role("r2", "Viewer", null, null, null),
                    new Role("r1", "Admin", null, null, null)))
            .build();

    detector.poll(2, List.of(reordered));

    assertThat(detector.drainEvents()).isEmpty();
  }

  @Test
  void aUserMissingFromACompletePollIsRemovedWithATombstone() {
    detector.poll(1, users(12));
    detector.drainEvents();
    detector.users.readKeyValuesToList();

    detector.poll(2, without(users(12), "00u5"));

    assertThat(detector.drainEvents())
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getType()).isEqualTo(ChangeType.USER_REMOVED);
              assertThat(event.getUserId()).isEqualTo("00u5");
              assertThat(event.getBefore().getName()).isEqualTo("User 5");
              assertThat(event.getAfter()).isNull();
              assertThat(event.getStatus()).isEqualTo("ACTIVE");
              assertThat(event.getObservedAt())
                  .isEqualTo(DetectorHarness.START.plusSeconds(2 * 60 + 30));
            });
    assertThat(detector.users.readKeyValuesToList())
        .singleElement()
        .satisfies(
            kv -> {
              assertThat(kv.key).isEqualTo(new UserKey(ACCOUNT, "00u5"));
              assertThat(kv.value).as("tombstone").isNull();
            });
  }

  @Test
  void anIncompletePollRemovesNothing() {
    detector.poll(1, users(12));
    detector.drainEvents();

    detector.observe(2, users(6));
    detector.abort(2);
    detector.observe(3, users(8));
    // no marker for poll 3 either

    assertThat(detector.drainEvents()).isEmpty();
    detector.poll(4, users(12));
    assertThat(detector.drainEvents()).isEmpty();
  }

  @Test
  void anOlderPollNeverOverwritesNewerState() {
    detector.poll(1, users(1));
    User renamed = User.newBuilder(user(1)).setName("Renamed").build();
    detector.poll(3, List.of(renamed));
    detector.drainEvents();
    detector.users.readKeyValuesToList();

    detector.observe(2, List.of(user(1)));

    assertThat(detector.drainEvents()).isEmpty();
    assertThat(detector.users.readKeyValuesToList()).isEmpty();
  }

  @Test
  void theMassRemovalGuardHoldsRemovalsUntilConfirmed() {
    detector.poll(1, users(20));
    detector.drainEvents();
    detector.summaries.readValuesToList();

    detector.poll(2, List.of());
    assertThat(detector.drainEvents()).as("held after the first empty poll").isEmpty();
    PollSummary held = detector.summaries.readValue();
    assertThat(held.getRemovalsHeld()).isEqualTo(20);
    assertThat(held.getGuardReason()).contains("0 of 20");

    detector.poll(3, List.of());
    assertThat(detector.drainEvents()).as("still held after the first confirmation").isEmpty();

    detector.poll(4, List.of());
    assertThat(detector.drainEvents())
        .as("removed once two further complete polls confirm")
        .hasSize(20)
        .extracting(UserChangeEvent::getType)
        .containsOnly(ChangeType.USER_REMOVED);
  }

  /**
   * After 30 of 100 users really leave and the hold is confirmed, 70 is the account's normal: no
   * hold ever after.
   */
  @Test
  void onceAHoldIsConfirmedTheGuardJudgesLaterPollsAgainstWhatItConfirmed() {
    List<User> stayers = users(100).subList(0, 70);
    detector.poll(1, users(100));
    detector.drainEvents();
    detector.summaries.readValuesToList();

    for (long poll = 2; poll <= 3; poll++) {
      detector.poll(poll, stayers);
      assertThat(detector.drainEvents()).as("poll %s is held", poll).isEmpty();
      assertThat(detector.summaries.readValue())
          .satisfies(
              summary -> {
                assertThat(summary.getRemovalsHeld()).isEqualTo(30);
                assertThat(summary.getGuardReason()).contains("70 of 100");
              });
    }
    detector.poll(4, stayers);
    assertThat(detector.drainEvents())
        .as("confirmed: removed")
        .hasSize(30)
        .extracting(UserChangeEvent::getType)
        .containsOnly(ChangeType.USER_REMOVED);
    assertThat(detector.summaries.readValue())
        .satisfies(
            summary -> {
              assertThat(summary.getRemoved()).isEqualTo(30);
              assertThat(summary.getRemovalsHeld()).isZero();
              assertThat(summary.getGuardReason()).isNull();
            });

    detector.poll(5, stayers.subList(0, 69));
    assertThat(detector.drainEvents())
        .as("the next leaver goes with one complete poll")
        .singleElement()
        .satisfies(event -> assertThat(event.getUserId()).isEqualTo("00u70"));
    assertThat(detector.summaries.readValue())
        .satisfies(
            summary -> {
              assertThat(summary.getRemoved()).isEqualTo(1);
              assertThat(summary.getRemovalsHeld()).isZero();
              assertThat(summary.getGuardReason()).as("no hold in its summary").isNull();
            });

    detector.poll(6, stayers.subList(0, 69));
    assertThat(detector.drainEvents()).isEmpty();
    assertThat(detector.summaries.readValue().getGuardReason()).isNull();
  }

  /**
   * Users who left during a hold wait for their own confirmations, judged against the confirmed
   * count.
   */
  @Test
  void aUserWhoLeftDuringAHoldWaitsForItsOwnConfirmations() {
    detector.poll(1, users(100));
    detector.poll(2, users(70));
    detector.poll(3, users(60));
    detector.drainEvents();

    detector.poll(4, users(60));
    assertThat(detector.drainEvents()).as("the first 30 leavers are confirmed").hasSize(30);
    assertThat(detector.summaries.readValuesToList())
        .last()
        .satisfies(
            summary ->
                assertThat(summary.getRemovalsHeld()).as("the later 10 still wait").isEqualTo(10));

    detector.poll(5, users(60));
    assertThat(detector.drainEvents())
        .as("missed by three complete polls, against a normal of 60")
        .hasSize(10);
  }

  @Test
  void aPartitionThatReadFewerObservationsThanWereWrittenToItRemovesNobodyAndSaysWhy() {
    detector.poll(1, users(12));
    detector.drainEvents();
    detector.users.readKeyValuesToList();
    detector.summaries.readValuesToList();

    // Retention deleted the first four observations of poll 2 before the detector read them.
    detector.observe(2, users(12).subList(4, 12));
    detector.complete(ACCOUNT, 2, 12, 12);

    assertThat(detector.drainEvents()).as("nobody removed").isEmpty();
    assertThat(detector.users.readKeyValuesToList()).as("no tombstone").isEmpty();
    assertThat(detector.summaries.readValue())
        .satisfies(
            summary -> {
              assertThat(summary.getShareIncomplete()).contains("read 8 of the 12 observations");
              assertThat(summary.getObservationsWritten()).isEqualTo(12);
              assertThat(summary.getObservationsRead()).isEqualTo(8);
              assertThat(summary.getRemoved()).isZero();
            });
    assertThat(detector.metric(ObservationProcessor.INCOMPLETE_SHARES_METRIC + "-total"))
        .isEqualTo(1.0);

    detector.poll(3, users(12));
    assertThat(detector.drainEvents()).as("the four are still there").isEmpty();
    detector.poll(4, users(11));
    assertThat(detector.drainEvents())
        .as("removals resume with a complete share")
        .singleElement()
        .satisfies(event -> assertThat(event.getType()).isEqualTo(ChangeType.USER_REMOVED));
  }

  @Test
  void aMarkerThatDoesNotSayHowManyObservationsItsPartitionGotRemovesNobody() {
    detector.poll(1, users(12));
    detector.drainEvents();
    detector.summaries.readValuesToList();

    detector.observe(2, users(11));
    detector.complete(ACCOUNT, 2, 11, -1);

    assertThat(detector.drainEvents()).isEmpty();
    assertThat(detector.summaries.readValue().getShareIncomplete()).contains("does not say");
  }

  @Test
  void anIncompleteFirstPollIsNotTheBaseline() {
    detector.observe(1, users(12).subList(4, 12));
    detector.complete(ACCOUNT, 1, 12, 12);
    assertThat(detector.drainEvents())
        .hasSize(8)
        .extracting(UserChangeEvent::getType)
        .containsOnly(ChangeType.USER_DISCOVERED);

    detector.poll(2, users(12));

    assertThat(detector.drainEvents())
        .as("the users poll 1 lost are discovered, not news")
        .hasSize(4)
        .extracting(UserChangeEvent::getType)
        .containsOnly(ChangeType.USER_DISCOVERED);
  }

  @Test
  void aMarkerReadAfterANewerPollsObservationsRemovesNobody() {
    detector.poll(1, users(12));
    detector.drainEvents();

    detector.observe(3, users(11));
    detector.complete(ACCOUNT, 2, 11, 0);
    assertThat(detector.drainEvents())
        .as("poll 2's marker cannot vouch for what poll 3 wrote")
        .isEmpty();

    detector.complete(ACCOUNT, 3, 11, 11);
    assertThat(detector.drainEvents())
        .singleElement()
        .satisfies(event -> assertThat(event.getUserId()).isEqualTo("00u12"));
  }

  @Test
  void aHeldRemovalIsCancelledWhenTheUsersComeBack() {
    detector.poll(1, users(20));
    detector.drainEvents();

    detector.poll(2, List.of());
    detector.poll(3, users(20));
    detector.poll(4, users(20));

    assertThat(detector.drainEvents()).isEmpty();
  }

  @Test
  void aUserWhoReappearsAfterRemovalIsCreatedAgain() {
    detector.poll(1, users(12));
    detector.poll(2, without(users(12), "00u3"));
    detector.drainEvents();

    detector.poll(3, users(12));

    assertThat(detector.drainEvents())
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getType()).isEqualTo(ChangeType.USER_CREATED);
              assertThat(event.getUserId()).isEqualTo("00u3");
            });
  }

  @Test
  void eventsCarryCloudEventsHeadersAndDeterministicIds() {
    detector.poll(1, users(1));
    TestRecord<UserKey, UserChangeEvent> record = detector.drainEventRecords().get(0);

    assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
    assertThat(header(record, "ce_id")).isEqualTo(record.value().getEventId());
    assertThat(header(record, "ce_source")).isEqualTo("/truto/integrated-accounts/" + ACCOUNT);
    assertThat(header(record, "ce_type")).isEqualTo("dev.roster.user.discovered");
    assertThat(header(record, "ce_subject")).isEqualTo("00u1");
    assertThat(header(record, "content-type")).isEqualTo("application/avro");
    assertThat(record.value().getEventId())
        .isEqualTo(ChangeEvents.eventId(ACCOUNT, "00u1", 1, ChangeType.USER_DISCOVERED));

    try (DetectorHarness replay = new DetectorHarness(DetectorSettings.defaults())) {
      replay.poll(1, users(1));
      assertThat(replay.drainEvents().get(0).getEventId())
          .as("a replay has the same id")
          .isEqualTo(record.value().getEventId());
    }
  }

  private static String header(TestRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
