package dev.roster.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.avro.ChangeType;
import dev.roster.avro.StatusCategory;
import dev.roster.avro.User;
import dev.roster.avro.UserChangeEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ChangeEventsTest {

  private static final Instant EMITTED = Instant.parse("2026-11-27T10:00:01.500Z");
  private static final Instant POLL_COMPLETED = Instant.parse("2026-11-27T10:05:00Z");

  /** Computed independently: Python's SHA-1 over the namespace and the canonical name bytes. */
  private static final String GOLDEN_EVENT_ID = "c36454f0-5046-5140-ac67-066a49283541";

  private final User before = TestUsers.okta().build();

  @Test
  void eventIdsAreVersion5NameBasedUuids() {
    UUID id =
        UUID.fromString(
            ChangeEvents.eventId(
                TestUsers.OKTA_ACCOUNT, before.getId(), 42, ChangeType.USER_UPDATED));
    assertThat(id.version()).isEqualTo(5);
    assertThat(id.variant()).isEqualTo(2);
  }

  @Test
  void eventIdsStayTheSameAcrossReleases() {
    // A replay after an upgrade must carry the ids of the first run, so the derivation may never
    // change.
    assertThat(
            ChangeEvents.eventId(
                "ia-7f3c2a10-okta", "00u1a2b3c4d5e6f7g8h9", 42, ChangeType.USER_UPDATED))
        .isEqualTo(GOLDEN_EVENT_ID);
  }

  @Test
  void eachPartOfTheEventIdMatters() {
    String id = ChangeEvents.eventId("ia-1", "u-1", 7, ChangeType.USER_CREATED);
    assertThat(ChangeEvents.eventId("ia-1", "u-1", 7, ChangeType.USER_CREATED)).isEqualTo(id);
    assertThat(
            List.of(
                ChangeEvents.eventId("ia-2", "u-1", 7, ChangeType.USER_CREATED),
                ChangeEvents.eventId("ia-1", "u-2", 7, ChangeType.USER_CREATED),
                ChangeEvents.eventId("ia-1", "u-1", 8, ChangeType.USER_CREATED),
                ChangeEvents.eventId("ia-1", "u-1", 7, ChangeType.USER_DISCOVERED)))
        .doesNotContain(id)
        .doesNotHaveDuplicates();
    assertThat(ChangeEvents.eventId("a", "bc", 1, ChangeType.USER_UPDATED))
        .isNotEqualTo(ChangeEvents.eventId("ab", "c", 1, ChangeType.USER_UPDATED));
  }

  @Test
  void aDiscoveredUserIsTheBaselineWithoutABefore() {
    UserChangeEvent event = ChangeEvents.appeared(before, ChangeType.USER_DISCOVERED, 1, EMITTED);
    assertThat(event.getEventId())
        .isEqualTo(
            ChangeEvents.eventId(
                TestUsers.OKTA_ACCOUNT, before.getId(), 1, ChangeType.USER_DISCOVERED));
    assertThat(event.getType()).isEqualTo(ChangeType.USER_DISCOVERED);
    assertAbout(event, before, 1, before.getObservedAt());
    assertThat(event.getChangedFields()).isEmpty();
    assertThat(event.getPreviousStatus()).isNull();
    assertThat(event.getPreviousStatusCategory()).isNull();
    assertThat(event.getStatus()).isEqualTo("active");
    assertThat(event.getStatusCategory()).isEqualTo(StatusCategory.ACTIVE);
    assertThat(event.getBefore()).isNull();
    assertThat(event.getAfter()).isSameAs(before);
  }

  @Test
  void aCreatedUserCarriesItsOwnTypeAndId() {
    User guest = TestUsers.slackGuest().build();
    UserChangeEvent event = ChangeEvents.appeared(guest, ChangeType.USER_CREATED, 9, EMITTED);
    assertThat(event.getType()).isEqualTo(ChangeType.USER_CREATED);
    assertThat(event.getEventId())
        .isEqualTo(ChangeEvents.eventId("ia-19be-slack", "U04GUEST01", 9, ChangeType.USER_CREATED));
    assertAbout(event, guest, 9, guest.getObservedAt());
    assertThat(event.getStatusCategory()).isEqualTo(StatusCategory.INVITED);
  }

  @Test
  void onlyDiscoveredAndCreatedAreAppearances() {
    for (ChangeType type :
        List.of(ChangeType.USER_UPDATED, ChangeType.USER_STATUS_CHANGED, ChangeType.USER_REMOVED)) {
      assertThatThrownBy(() -> ChangeEvents.appeared(before, type, 1, EMITTED))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(type.name());
    }
  }

  @Test
  void aStatusChangeWinsAndListsEveryChangedField() {
    User after =
        TestUsers.okta()
            .setTitle("Former Security Engineer")
            .setStatus("suspended")
            .setStatusCategory(StatusCategory.INACTIVE)
            .setObservedAt(TestUsers.OBSERVED.plusSeconds(300))
            .build();
    UserComparison comparison = UserDiff.compare(before, after, DiffRules.defaults());

    UserChangeEvent event = ChangeEvents.changed(before, after, comparison, 2, EMITTED);

    assertThat(event.getType()).isEqualTo(ChangeType.USER_STATUS_CHANGED);
    assertThat(event.getEventId())
        .isEqualTo(
            ChangeEvents.eventId(
                TestUsers.OKTA_ACCOUNT, before.getId(), 2, ChangeType.USER_STATUS_CHANGED));
    assertAbout(event, after, 2, after.getObservedAt());
    assertThat(event.getChangedFields()).containsExactly("title", "status", "status_category");
    assertThat(event.getPreviousStatus()).isEqualTo("active");
    assertThat(event.getPreviousStatusCategory()).isEqualTo(StatusCategory.ACTIVE);
    assertThat(event.getStatus()).isEqualTo("suspended");
    assertThat(event.getStatusCategory()).isEqualTo(StatusCategory.INACTIVE);
    assertThat(event.getBefore()).isSameAs(before);
    assertThat(event.getAfter()).isSameAs(after);
  }

  @Test
  void otherChangesAreUpdates() {
    User after = TestUsers.okta().setTitle("Staff Security Engineer").build();
    UserComparison comparison = UserDiff.compare(before, after, DiffRules.defaults());

    UserChangeEvent event = ChangeEvents.changed(before, after, comparison, 3, EMITTED);

    assertThat(event.getType()).isEqualTo(ChangeType.USER_UPDATED);
    assertThat(event.getChangedFields()).containsExactly("title");
    assertThat(event.getPreviousStatus()).isEqualTo(event.getStatus()).isEqualTo("active");
  }

  @Test
  void aComparisonWithoutChangedFieldsHasNoEvent() {
    UserComparison quietOnly = new UserComparison(List.of(), false, true, false);
    assertThatThrownBy(() -> ChangeEvents.changed(before, before, quietOnly, 3, EMITTED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("without changed fields");
  }

  @Test
  void beforeAndAfterMustBeTheSameUser() {
    User someoneElse = TestUsers.okta().setId("00u-someone-else").setTitle("Intern").build();
    UserComparison comparison = UserDiff.compare(before, someoneElse, DiffRules.defaults());
    assertThatThrownBy(() -> ChangeEvents.changed(before, someoneElse, comparison, 3, EMITTED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("00u-someone-else");
  }

  @Test
  void aRemovedUserKeepsItsLastStatusAndTheTimeThePollCompleted() {
    UserChangeEvent event = ChangeEvents.removed(before, 5, POLL_COMPLETED, EMITTED);

    assertThat(event.getType()).isEqualTo(ChangeType.USER_REMOVED);
    assertThat(event.getEventId())
        .isEqualTo(
            ChangeEvents.eventId(
                TestUsers.OKTA_ACCOUNT, before.getId(), 5, ChangeType.USER_REMOVED));
    assertAbout(event, before, 5, POLL_COMPLETED);
    assertThat(event.getChangedFields()).isEmpty();
    assertThat(event.getPreviousStatus()).isNull();
    assertThat(event.getStatus()).isEqualTo("active");
    assertThat(event.getStatusCategory()).isEqualTo(StatusCategory.ACTIVE);
    assertThat(event.getBefore()).isSameAs(before);
    assertThat(event.getAfter()).isNull();
  }

  private static void assertAbout(
      UserChangeEvent event, User user, long pollId, Instant observedAt) {
    assertThat(event.getIntegratedAccountId()).isEqualTo(user.getIntegratedAccountId());
    assertThat(event.getIntegration()).isEqualTo(user.getIntegration());
    assertThat(event.getTenantId()).isEqualTo(user.getTenantId());
    assertThat(event.getUserId()).isEqualTo(user.getId());
    assertThat(event.getPollId()).isEqualTo(pollId);
    assertThat(event.getObservedAt()).isEqualTo(observedAt);
    assertThat(event.getEmittedAt()).isEqualTo(EMITTED);
  }
}
