package dev.roster.identity;

import static dev.roster.avro.IdentityAlertType.ADMIN_WITHOUT_2FA;
import static dev.roster.avro.IdentityAlertType.ADMIN_WITHOUT_2FA_RESOLVED;
import static dev.roster.avro.IdentityAlertType.LEAVER_RESOLVED;
import static dev.roster.avro.IdentityAlertType.LEAVER_STILL_ACTIVE;
import static dev.roster.avro.IdentityAlertType.ORPHANED_ACCOUNT;
import static dev.roster.avro.IdentityAlertType.ORPHANED_ACCOUNT_RESOLVED;
import static dev.roster.avro.StatusCategory.ACTIVE;
import static dev.roster.avro.StatusCategory.DELETED;
import static dev.roster.avro.StatusCategory.INACTIVE;
import static dev.roster.avro.StatusCategory.INVITED;
import static dev.roster.identity.People.user;
import static dev.roster.identity.People.withEmail;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.avro.IdentityAlert;
import dev.roster.avro.IdentityKey;
import dev.roster.avro.User;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The leaver, orphan and admin rules and their state machine, through the stage's pure parts. */
class IdentityAlertRulesTest {

  private static final Cause BASELINE = new Cause("ev-baseline", true);
  private static final IdentitySettings NO_ORPHANS =
      IdentitySettings.defaults()
          .withAlerts(true, false, false)
          .withGraces(Duration.ZERO, Duration.ZERO);

  private final StageModel stage = new StageModel(NO_ORPHANS, Set.of("okta-1"), true);

  private static User okta(String email, dev.roster.avro.StatusCategory status) {
    return user("okta-1", "okta", "acme", "o-" + email, email, status);
  }

  private static User slack(String email, dev.roster.avro.StatusCategory status) {
    return user("slack-1", "slack", "acme", "s-" + email, email, status);
  }

  private static User zoom(String email, dev.roster.avro.StatusCategory status) {
    return user("zoom-1", "zoom", "acme", "z-" + email, email, status);
  }

  private static Cause change(String id) {
    return new Cause(id, false);
  }

  @Test
  void aLeaverFoundInTheBaselineIsAlertedAsSuch() {
    stage.upsert(okta("ada@acme.example", INACTIVE), BASELINE);
    List<IdentityAlert> alerts = stage.upsert(slack("ada@acme.example", ACTIVE), BASELINE);

    assertThat(alerts)
        .singleElement()
        .satisfies(
            alert -> {
              assertThat(alert.getType()).isEqualTo(LEAVER_STILL_ACTIVE);
              assertThat(alert.getResolved()).isFalse();
              assertThat(alert.getFoundInBaseline()).isTrue();
              assertThat(alert.getCauseEventId()).isEqualTo("ev-baseline");
              assertThat(alert.getTenantId()).isEqualTo("acme");
              assertThat(alert.getEmail()).isEqualTo("ada@acme.example");
              assertThat(alert.getIdpIntegratedAccountId()).isEqualTo("okta-1");
              assertThat(alert.getIdpUserId()).isEqualTo("o-ada@acme.example");
              assertThat(alert.getIdpStatus()).isEqualTo("inactive");
              assertThat(alert.getAppIntegratedAccountId()).isEqualTo("slack-1");
              assertThat(alert.getAppUserId()).isEqualTo("s-ada@acme.example");
              assertThat(alert.getAppStatus()).isEqualTo("active");
              assertThat(alert.getReason()).contains("ada@acme.example", "okta", "slack");
            });
  }

  @Test
  void aDeactivationInTheIdentityProviderAlertsOncePerActiveAppAndEachOffboardingResolvesOne() {
    stage.upsert(okta("ada@acme.example", ACTIVE), BASELINE);
    stage.upsert(slack("ada@acme.example", ACTIVE), BASELINE);
    stage.upsert(zoom("ada@acme.example", ACTIVE), BASELINE);
    assertThat(stage.published).isEmpty();

    List<IdentityAlert> opened = stage.upsert(okta("ada@acme.example", INACTIVE), change("ev-1"));
    assertThat(opened)
        .extracting(
            IdentityAlert::getType,
            IdentityAlert::getAppIntegratedAccountId,
            IdentityAlert::getCauseEventId,
            IdentityAlert::getFoundInBaseline)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(LEAVER_STILL_ACTIVE, "slack-1", "ev-1", false),
            org.assertj.core.groups.Tuple.tuple(LEAVER_STILL_ACTIVE, "zoom-1", "ev-1", false));

    // Repeated news of the same state changes nothing.
    assertThat(stage.upsert(okta("ada@acme.example", INACTIVE), change("ev-1b"))).isEmpty();

    List<IdentityAlert> slackOff =
        stage.upsert(slack("ada@acme.example", INACTIVE), change("ev-2"));
    IdentityAlert slackOpening =
        opened.stream()
            .filter(a -> a.getAppIntegratedAccountId().equals("slack-1"))
            .findFirst()
            .orElseThrow();
    assertThat(slackOff)
        .singleElement()
        .satisfies(
            resolved -> {
              assertThat(resolved.getType()).isEqualTo(LEAVER_RESOLVED);
              assertThat(resolved.getResolved()).isTrue();
              assertThat(resolved.getResolvesAlertId()).isEqualTo(slackOpening.getAlertId());
              assertThat(resolved.getAlertId()).isNotEqualTo(slackOpening.getAlertId());
              assertThat(resolved.getCauseEventId()).isEqualTo("ev-2");
              assertThat(resolved.getAppStatus()).isEqualTo("inactive");
              assertThat(resolved.getReason()).contains("no longer active");
            });

    List<IdentityAlert> zoomGone = stage.remove("zoom-1", "z-ada@acme.example", change("ev-3"));
    assertThat(zoomGone)
        .singleElement()
        .satisfies(
            resolved -> {
              assertThat(resolved.getType()).isEqualTo(LEAVER_RESOLVED);
              assertThat(resolved.getAppStatus()).isEqualTo(IdentityAlerts.REMOVED);
              assertThat(resolved.getAppStatusCategory()).isNull();
            });
  }

  @Test
  void theIdentityProviderUserActiveAgainResolves() {
    stage.upsert(okta("ada@acme.example", DELETED), BASELINE);
    stage.upsert(slack("ada@acme.example", ACTIVE), BASELINE);
    List<IdentityAlert> back = stage.upsert(okta("ada@acme.example", ACTIVE), change("ev-9"));
    assertThat(back).extracting(IdentityAlert::getType).containsExactly(LEAVER_RESOLVED);
    assertThat(back.get(0).getReason()).contains("active again");
  }

  @Test
  void aUserRemovedFromTheIdentityProviderIsALeaverButOneWhoseEmailChangedIsNot() {
    stage.upsert(okta("ada@acme.example", ACTIVE), BASELINE);
    stage.upsert(slack("ada@acme.example", ACTIVE), BASELINE);
    stage.upsert(okta("bob@acme.example", ACTIVE), BASELINE);
    stage.upsert(slack("bob@acme.example", ACTIVE), BASELINE);

    // Bob's email changes in the identity provider: he moves to another person, he did not leave.
    assertThat(
            stage.upsert(
                withEmail(okta("bob@acme.example", ACTIVE), "robert@acme.example"),
                change("ev-mail")))
        .isEmpty();
    assertThat(stage.people).containsKey(new IdentityKey("acme", "email:robert@acme.example"));

    // Ada is removed from the identity provider: she left.
    List<IdentityAlert> removed = stage.remove("okta-1", "o-ada@acme.example", change("ev-rm"));
    assertThat(removed)
        .singleElement()
        .satisfies(
            alert -> {
              assertThat(alert.getType()).isEqualTo(LEAVER_STILL_ACTIVE);
              assertThat(alert.getIdpStatus()).isEqualTo(IdentityAlerts.REMOVED);
            });
    // The removed identity-provider user stays as evidence; when the app user goes too, the
    // person is gone, after the alert resolves.
    List<IdentityAlert> gone = stage.remove("slack-1", "s-ada@acme.example", change("ev-rm2"));
    assertThat(gone)
        .singleElement()
        .satisfies(
            resolved -> {
              assertThat(resolved.getType()).isEqualTo(LEAVER_RESOLVED);
              assertThat(resolved.getEmail())
                  .as("named though the person is gone")
                  .isEqualTo("ada@acme.example");
              assertThat(resolved.getReason()).startsWith("ada@acme.example is gone from");
            });
    assertThat(stage.people).doesNotContainKey(new IdentityKey("acme", "email:ada@acme.example"));
  }

  @Test
  void anotherIdentityProviderThatStillHasThePersonActiveMeansNoLeaver() {
    StageModel twoIdps = new StageModel(NO_ORPHANS, Set.of("okta-1", "google-1"), true);
    twoIdps.upsert(okta("ada@acme.example", INACTIVE), BASELINE);
    twoIdps.upsert(
        user("google-1", "googleworkspace", "acme", "g1", "ada@acme.example", ACTIVE), BASELINE);
    assertThat(twoIdps.upsert(slack("ada@acme.example", ACTIVE), BASELINE)).isEmpty();
  }

  @Test
  void invitedOrUnknownInTheIdentityProviderIsNotALeaverAndAnInactiveAppIsNotAlerted() {
    stage.upsert(okta("ada@acme.example", INVITED), BASELINE);
    assertThat(stage.upsert(slack("ada@acme.example", ACTIVE), BASELINE)).isEmpty();
    stage.upsert(okta("bob@acme.example", INACTIVE), BASELINE);
    assertThat(stage.upsert(slack("bob@acme.example", INACTIVE), BASELINE)).isEmpty();
  }

  @Test
  void theSameEmailInAnotherTenantIsAnotherPerson() {
    stage.upsert(okta("ada@acme.example", INACTIVE), BASELINE);
    assertThat(
            stage.upsert(
                user("slack-2", "slack", "globex", "s9", "ada@acme.example", ACTIVE), BASELINE))
        .isEmpty();
  }

  @Test
  void aGracePeriodDelaysTheAlertAndDropsItOnlyIfTheConditionEndsWithinIt() {
    IdentitySettings graced = NO_ORPHANS.withGraces(Duration.ofMinutes(10), Duration.ZERO);
    StageModel model = new StageModel(graced, Set.of("okta-1"), true);
    model.upsert(okta("ada@acme.example", ACTIVE), BASELINE);
    model.upsert(slack("ada@acme.example", ACTIVE), BASELINE);
    model.upsert(okta("bob@acme.example", ACTIVE), BASELINE);
    model.upsert(slack("bob@acme.example", ACTIVE), BASELINE);

    assertThat(model.upsert(okta("ada@acme.example", INACTIVE), change("ev-a"))).isEmpty();
    assertThat(model.upsert(okta("bob@acme.example", INACTIVE), change("ev-b"))).isEmpty();
    assertThat(model.advance(Duration.ofMinutes(5))).isEmpty();
    // Bob is offboarded within the grace period: no alert was ever warranted.
    assertThat(model.upsert(slack("bob@acme.example", INACTIVE), change("ev-b2"))).isEmpty();

    List<IdentityAlert> due = model.advance(Duration.ofMinutes(5));
    assertThat(due)
        .singleElement()
        .satisfies(
            alert -> {
              assertThat(alert.getType()).isEqualTo(LEAVER_STILL_ACTIVE);
              assertThat(alert.getEmail()).isEqualTo("ada@acme.example");
              assertThat(alert.getCauseEventId()).isEqualTo("ev-a");
              assertThat(alert.getDetectedAt()).isEqualTo(People.T0);
              assertThat(alert.getEmittedAt()).isEqualTo(People.T0.plus(Duration.ofMinutes(10)));
            });
    assertThat(model.advance(Duration.ofMinutes(5))).isEmpty();
  }

  @Test
  void anAppAccountOfAPersonNoIdentityProviderEverHadIsAnOrphanAfterItsGrace() {
    IdentitySettings orphans =
        IdentitySettings.defaults()
            .withAlerts(false, true, false)
            .withGraces(Duration.ZERO, Duration.ofHours(1));
    StageModel model = new StageModel(orphans, Set.of("okta-1"), true);
    assertThat(model.upsert(slack("eve@acme.example", ACTIVE), change("ev-e"))).isEmpty();
    assertThat(model.advance(Duration.ofHours(1)))
        .extracting(IdentityAlert::getType)
        .containsExactly(ORPHANED_ACCOUNT);
    assertThat(model.upsert(okta("eve@acme.example", ACTIVE), change("ev-e2")))
        .extracting(IdentityAlert::getType)
        .containsExactly(ORPHANED_ACCOUNT_RESOLVED);

    StageModel noIdp = new StageModel(orphans, Set.of(), false);
    noIdp.upsert(slack("eve@acme.example", ACTIVE), change("ev-e"));
    assertThat(noIdp.advance(Duration.ofDays(2))).isEmpty();
  }

  @Test
  void anActiveAdminWithoutTwoFactorIsFlaggedWhereTheAppSaysSo() {
    IdentitySettings admins =
        IdentitySettings.defaults()
            .withAlerts(false, false, true)
            .withGraces(Duration.ZERO, Duration.ZERO);
    StageModel model = new StageModel(admins, Set.of("okta-1"), true);
    assertThat(model.upsert(People.admin(slack("root@acme.example", ACTIVE), null), BASELINE))
        .isEmpty();
    assertThat(
            model.upsert(People.admin(slack("root@acme.example", ACTIVE), false), change("ev-2fa")))
        .singleElement()
        .satisfies(
            alert -> {
              assertThat(alert.getType()).isEqualTo(ADMIN_WITHOUT_2FA);
              assertThat(alert.getReason()).contains("Org Admin", "without two-factor");
            });
    assertThat(
            model.upsert(
                People.admin(slack("root@acme.example", ACTIVE), true), change("ev-2fa-on")))
        .extracting(IdentityAlert::getType)
        .containsExactly(ADMIN_WITHOUT_2FA_RESOLVED);
  }

  @Test
  void switchedOffRulesRaiseNothing() {
    IdentitySettings off =
        IdentitySettings.defaults()
            .withAlerts(false, false, false)
            .withGraces(Duration.ZERO, Duration.ZERO);
    StageModel model = new StageModel(off, Set.of("okta-1"), true);
    model.upsert(okta("ada@acme.example", INACTIVE), BASELINE);
    model.upsert(People.admin(slack("ada@acme.example", ACTIVE), false), BASELINE);
    model.upsert(slack("eve@acme.example", ACTIVE), BASELINE);
    assertThat(model.advance(Duration.ofDays(2))).isEmpty();
    assertThat(model.published).isEmpty();
  }

  @Test
  void alertIdsAreDeterministic() {
    StageModel again = new StageModel(NO_ORPHANS, Set.of("okta-1"), true);
    for (StageModel model : List.of(stage, again)) {
      model.upsert(okta("ada@acme.example", ACTIVE), BASELINE);
      model.upsert(slack("ada@acme.example", ACTIVE), BASELINE);
      model.upsert(okta("ada@acme.example", INACTIVE), change("ev-1"));
      model.upsert(slack("ada@acme.example", INACTIVE), change("ev-2"));
    }
    assertThat(again.published)
        .extracting(IdentityAlert::getAlertId)
        .containsExactlyElementsOf(stage.published.stream().map(IdentityAlert::getAlertId).toList())
        .doesNotHaveDuplicates()
        .hasSize(2);
  }
}
