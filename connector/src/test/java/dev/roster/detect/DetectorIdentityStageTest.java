package dev.roster.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.avro.ChangeType;
import dev.roster.avro.Identity;
import dev.roster.avro.IdentityAccount;
import dev.roster.avro.IdentityAlert;
import dev.roster.avro.IdentityAlertType;
import dev.roster.avro.IdentityKey;
import dev.roster.avro.StatusCategory;
import dev.roster.avro.User;
import dev.roster.avro.UserChangeEvent;
import dev.roster.avro.UserKey;
import dev.roster.identity.IdentityProviders;
import dev.roster.identity.IdentitySettings;
import dev.roster.identity.IdentityStage;
import dev.roster.identity.UsersWithoutKey;
import dev.roster.topics.UserRecordHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The detector and the identity stage in one topology, as Roster runs them: observations in, and
 * out the users table (whose records name their event), the people and their alerts, each alert
 * citing the event that caused it.
 */
class DetectorIdentityStageTest {

  private static final String OKTA = "acct-okta";
  private static final String SLACK = "acct-slack";

  private final UsersWithoutKey withoutKey = new UsersWithoutKey();
  private final DetectorHarness h =
      new DetectorHarness(
          DetectorSettings.defaults(),
          Clock.fixed(DetectorHarness.START, ZoneOffset.UTC),
          Optional.of(
              new IdentityStage(
                  IdentitySettings.defaults(), new IdentityProviders(Set.of("okta")), withoutKey)));

  @AfterEach
  void close() {
    h.close();
  }

  private static User priya(String account, String integration, StatusCategory status) {
    return TestUsers.okta()
        .setIntegratedAccountId(account)
        .setIntegration(integration)
        .setId(integration + "-priya")
        .setIs2faEnabled(true)
        .setStatus(status.name().toLowerCase(java.util.Locale.ROOT))
        .setStatusCategory(status)
        .build();
  }

  private static User noEmail(String account) {
    return TestUsers.okta()
        .setIntegratedAccountId(account)
        .setId("bot-1")
        .setEmails(List.of())
        .build();
  }

  private void poll(String account, long pollId, List<User> users) {
    h.observe(pollId, users);
    h.complete(account, pollId, users.size());
  }

  @Test
  void aDeactivationInTheIdentityProviderAlertsWithItsEventAndTheAppsRemovalResolves() {
    poll(OKTA, 1, List.of(priya(OKTA, "okta", StatusCategory.ACTIVE)));
    poll(SLACK, 1, List.of(priya(SLACK, "slack", StatusCategory.ACTIVE), noEmail(SLACK)));

    assertThat(h.identityAlerts.isEmpty()).isTrue();
    List<Identity> people = h.people.readValuesToList();
    Identity priya = people.get(people.size() - 1);
    assertThat(priya.getIdentityKey()).isEqualTo("email:priya.raman@acme.example");
    assertThat(priya.getAccounts())
        .extracting(IdentityAccount::getIntegratedAccountId, IdentityAccount::getIsIdentityProvider)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(OKTA, true),
            org.assertj.core.groups.Tuple.tuple(SLACK, false));
    assertThat(withoutKey.byTenant()).containsEntry("acme", 1L);

    // Every users record names the event that came with it.
    List<TestRecord<UserKey, User>> usersRecords = h.users.readRecordsToList();
    List<UserChangeEvent> baseline = h.events.readValuesToList();
    assertThat(usersRecords).hasSameSizeAs(baseline);
    for (int i = 0; i < usersRecords.size(); i++) {
      assertThat(header(usersRecords.get(i), UserRecordHeaders.EVENT_ID))
          .isEqualTo(baseline.get(i).getEventId());
      assertThat(header(usersRecords.get(i), UserRecordHeaders.EVENT_TYPE))
          .isEqualTo(ChangeType.USER_DISCOVERED.name());
    }

    poll(OKTA, 2, List.of(priya(OKTA, "okta", StatusCategory.INACTIVE)));
    UserChangeEvent deactivation = h.events.readValue();
    assertThat(deactivation.getType()).isEqualTo(ChangeType.USER_STATUS_CHANGED);
    IdentityAlert opened = h.identityAlerts.readValue();
    assertThat(opened.getType()).isEqualTo(IdentityAlertType.LEAVER_STILL_ACTIVE);
    assertThat(opened.getFoundInBaseline()).isFalse();
    assertThat(opened.getCauseEventId()).isEqualTo(deactivation.getEventId());
    assertThat(opened.getAppIntegratedAccountId()).isEqualTo(SLACK);
    assertThat(opened.getIdpStatus()).isEqualTo("inactive");
    assertThat(h.identityAlerts.isEmpty()).isTrue();

    poll(SLACK, 2, List.of(noEmail(SLACK)));
    UserChangeEvent removal = h.events.readValue();
    assertThat(removal.getType()).isEqualTo(ChangeType.USER_REMOVED);
    List<TestRecord<IdentityKey, IdentityAlert>> resolved = h.identityAlerts.readRecordsToList();
    assertThat(resolved)
        .singleElement()
        .satisfies(
            record -> {
              assertThat(record.key())
                  .isEqualTo(new IdentityKey("acme", "email:priya.raman@acme.example"));
              assertThat(record.value().getType()).isEqualTo(IdentityAlertType.LEAVER_RESOLVED);
              assertThat(record.value().getResolvesAlertId()).isEqualTo(opened.getAlertId());
              assertThat(record.value().getCauseEventId()).isEqualTo(removal.getEventId());
              assertThat(record.value().getAppStatus()).isEqualTo("removed");
            });
  }

  @Test
  void aLeaverAlreadyOffInTheBaselineIsFoundInTheBaseline() {
    poll(OKTA, 1, List.of(priya(OKTA, "okta", StatusCategory.DELETED)));
    poll(SLACK, 1, List.of(priya(SLACK, "slack", StatusCategory.ACTIVE)));
    List<UserChangeEvent> events = h.events.readValuesToList();
    IdentityAlert alert = h.identityAlerts.readValue();
    assertThat(alert.getFoundInBaseline()).isTrue();
    assertThat(alert.getCauseEventId()).isEqualTo(events.get(1).getEventId());
  }

  /** A clock the test moves, for the detector and the identity stage alike. */
  private static final class SettableClock extends Clock {
    private volatile Instant now = DetectorHarness.START;

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  void aGracePeriodHoldsTheAlertUntilItEndsAndAnOffboardingWithinItRaisesNothing() {
    SettableClock clock = new SettableClock();
    try (DetectorHarness graced =
        new DetectorHarness(
            DetectorSettings.defaults(),
            clock,
            Optional.of(
                new IdentityStage(
                    IdentitySettings.defaults()
                        .withGraces(Duration.ofMinutes(10), IdentitySettings.DEFAULT_ORPHAN_GRACE),
                    new IdentityProviders(Set.of("okta")),
                    new UsersWithoutKey())))) {
      User ada = priya(OKTA, "okta", StatusCategory.ACTIVE);
      User adaSlack = priya(SLACK, "slack", StatusCategory.ACTIVE);
      User bob = withEmail(priya(OKTA, "okta", StatusCategory.ACTIVE), "bob", "bob@acme.example");
      User bobSlack =
          withEmail(priya(SLACK, "slack", StatusCategory.ACTIVE), "bob", "bob@acme.example");
      graced.observe(1, List.of(ada, bob));
      graced.complete(OKTA, 1, 2);
      graced.observe(1, List.of(adaSlack, bobSlack));
      graced.complete(SLACK, 1, 2);

      clock.now = clock.now.plusSeconds(60);
      graced.observe(2, List.of(inactive(ada), inactive(bob)));
      graced.complete(OKTA, 2, 2);
      graced.advanceWallClock(Duration.ofSeconds(2));
      assertThat(graced.identityAlerts.isEmpty()).as("within the grace period").isTrue();

      // Bob is offboarded from Slack within the grace period; Ada is not.
      clock.now = clock.now.plus(Duration.ofMinutes(5));
      graced.observe(2, List.of(adaSlack, inactive(bobSlack)));
      graced.complete(SLACK, 2, 2);
      graced.advanceWallClock(Duration.ofSeconds(2));
      assertThat(graced.identityAlerts.isEmpty()).isTrue();

      clock.now = clock.now.plus(Duration.ofMinutes(6));
      graced.advanceWallClock(Duration.ofSeconds(2));
      List<IdentityAlert> due = graced.identityAlerts.readValuesToList();
      assertThat(due)
          .singleElement()
          .satisfies(
              alert -> {
                assertThat(alert.getType()).isEqualTo(IdentityAlertType.LEAVER_STILL_ACTIVE);
                assertThat(alert.getEmail()).isEqualTo("priya.raman@acme.example");
                assertThat(alert.getDetectedAt()).isEqualTo(DetectorHarness.START.plusSeconds(60));
              });
      graced.advanceWallClock(Duration.ofSeconds(2));
      assertThat(graced.identityAlerts.isEmpty()).as("published once").isTrue();
    }
  }

  private static User withEmail(User user, String idSuffix, String email) {
    return User.newBuilder(user)
        .setId(user.getId() + "-" + idSuffix)
        .setEmails(List.of(new dev.roster.avro.Email(email, "work", true)))
        .build();
  }

  private static String header(TestRecord<?, ?> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  /** {@code user}, deactivated. */
  private static User inactive(User user) {
    return User.newBuilder(user)
        .setStatus("inactive")
        .setStatusCategory(StatusCategory.INACTIVE)
        .build();
  }
}
