package dev.roster.ops;

import static dev.roster.ops.OpsFixtures.NOW;
import static dev.roster.ops.OpsFixtures.account;
import static dev.roster.ops.OpsFixtures.completed;
import static dev.roster.ops.OpsFixtures.event;
import static dev.roster.ops.OpsFixtures.failed;
import static dev.roster.ops.OpsFixtures.needingReauth;
import static dev.roster.ops.OpsFixtures.notPolled;
import static dev.roster.ops.OpsFixtures.opening;
import static dev.roster.ops.OpsFixtures.resolution;
import static dev.roster.ops.OpsFixtures.summary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.roster.avro.ChangeType;
import dev.roster.avro.ErrorCategory;
import dev.roster.avro.IdentityAlert;
import dev.roster.avro.IdentityAlertType;
import dev.roster.avro.IntegratedAccount;
import dev.roster.avro.PollOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class OpsStateTest {

  private static final Duration INTERVAL = Duration.ofMinutes(5);
  private final OpsState state = new OpsState(INTERVAL);

  @Test
  void failingAccountsComeFirstThenStaleThenTheRestById() {
    state.applyAccount("a-ok", account("a-ok", "okta"));
    state.applyAccount("b-stale", account("b-stale", "okta"));
    state.applyAccount("c-failing", account("c-failing", "github"));
    state.applyAccount("d-reauth", account("d-reauth", "slack"));
    state.applyAccount("e-new", account("e-new", "okta"));
    state.applyPollStatus(completed("a-ok", "okta", 1, Duration.ofMinutes(1), 10));
    state.applyPollStatus(completed("b-stale", "okta", 1, Duration.ofMinutes(11), 10));
    state.applyPollStatus(
        failed(
            "c-failing",
            "github",
            1,
            Duration.ofMinutes(1),
            ErrorCategory.UPSTREAM,
            "502 from Truto"));
    state.applyPollStatus(
        failed(
            "d-reauth",
            "slack",
            1,
            Duration.ofMinutes(1),
            ErrorCategory.AUTH,
            "401 from the vendor"));

    List<AccountView> views = state.accounts(NOW);

    assertThat(views)
        .extracting(AccountView::id)
        .containsExactly("d-reauth", "c-failing", "b-stale", "a-ok", "e-new");
    assertThat(views)
        .extracting(AccountView::state)
        .containsExactly(
            AccountHealth.NEEDS_REAUTH,
            AccountHealth.FAILING,
            AccountHealth.STALE,
            AccountHealth.OK,
            AccountHealth.NEVER_POLLED);
  }

  @Test
  void staleMeansNoCompletePollForMoreThanTwiceTheInterval() {
    state.applyAccount("a", account("a", "okta"));
    state.applyPollStatus(completed("a", "okta", 1, Duration.ofMinutes(10), 10));

    assertThat(state.accounts(NOW).get(0).state()).isEqualTo(AccountHealth.OK);
    assertThat(state.accounts(NOW.plusSeconds(1)).get(0).state()).isEqualTo(AccountHealth.STALE);
  }

  @Test
  void anAccountsOwnIntervalDecidesWhenItIsStale() {
    state.applyAccount(
        "a", IntegratedAccount.newBuilder(account("a", "okta")).setIntervalSeconds(3600L).build());
    state.applyPollStatus(completed("a", "okta", 1, Duration.ofMinutes(90), 10));

    AccountView view = state.accounts(NOW).get(0);

    assertThat(view.state()).isEqualTo(AccountHealth.OK);
    assertThat(view.nextPollEstimate()).isEqualTo(NOW.minus(Duration.ofMinutes(30)));
  }

  @Test
  void accountStatusNeedsReauthWinsEvenWhileDisabledAndBeforeAnyPoll() {
    state.applyAccount(
        "a", IntegratedAccount.newBuilder(needingReauth("a", "okta")).setEnabled(false).build());
    state.applyAccount(
        "b", IntegratedAccount.newBuilder(account("b", "okta")).setEnabled(false).build());

    assertThat(state.accounts(NOW))
        .extracting(AccountView::state)
        .containsExactly(AccountHealth.NEEDS_REAUTH, AccountHealth.DISABLED);
  }

  @Test
  void anAccountRosterDoesNotPollIsShownAsItsRecordSaysNeverAsFailingOrStale() {
    state.applyAccount("a-reauth", needingReauth("a-reauth", "slack"));
    state.applyAccount(
        "b-connecting",
        IntegratedAccount.newBuilder(account("b-connecting", "okta"))
            .setStatus("connecting")
            .setEnabled(false)
            .build());
    state.applyAccount(
        "c-disabled",
        IntegratedAccount.newBuilder(account("c-disabled", "okta"))
            .setStatus("active")
            .setEnabled(false)
            .build());
    state.applyAccount("d-failing", account("d-failing", "okta"));
    // Each had polls long ago, the re-authentication one a failed one: none of that is what they
    // are now.
    state.applyPollStatus(
        failed(
            "a-reauth",
            "slack",
            1,
            Duration.ofHours(10),
            ErrorCategory.AUTH,
            "401 from the vendor"));
    state.applyPollStatus(completed("b-connecting", "okta", 1, Duration.ofHours(10), 5));
    state.applyPollStatus(
        failed("c-disabled", "okta", 1, Duration.ofHours(10), ErrorCategory.UPSTREAM, "502"));
    state.applyPollStatus(
        failed("d-failing", "okta", 1, Duration.ofMinutes(1), ErrorCategory.UPSTREAM, "502"));

    assertThat(state.accounts(NOW))
        .extracting(AccountView::id, AccountView::state)
        .containsExactly(
            tuple("a-reauth", AccountHealth.NEEDS_REAUTH),
            tuple("d-failing", AccountHealth.FAILING),
            tuple("b-connecting", AccountHealth.NOT_POLLED),
            tuple("c-disabled", AccountHealth.DISABLED));
  }

  @Test
  void aNotPolledStatusSaysWhyAndHowOldTheAccountsDataIs() {
    state.applyAccount("a", needingReauth("a", "okta"));
    state.applyPollStatus(completed("a", "okta", 1, Duration.ofHours(3), 42));
    state.applyPollStatus(
        notPolled(
            "a",
            "okta",
            2,
            Duration.ofMinutes(1),
            ErrorCategory.AUTH,
            "Truto reports needs_reauth",
            null));

    AccountView view = state.accounts(NOW).get(0);

    assertThat(view.state()).isEqualTo(AccountHealth.NEEDS_REAUTH);
    assertThat(view.lastOutcome()).isEqualTo(PollOutcome.NOT_POLLED);
    assertThat(view.lastError()).isEqualTo("AUTH: Truto reports needs_reauth");
    assertThat(view.lastCompleteAge()).isEqualTo(Duration.ofHours(3));
    assertThat(view.nextPollEstimate()).as("not scheduled").isNull();
  }

  @Test
  void anAccountTheFileDisablesIsNotPolledForNoErrorAndItsStatusSaysSo() {
    state.applyAccount(
        "a", IntegratedAccount.newBuilder(account("a", "okta")).setEnabled(false).build());
    state.applyPollStatus(
        notPolled(
            "a",
            "okta",
            2,
            Duration.ofMinutes(1),
            null,
            "disabled in the accounts file (enabled: false)",
            null));

    AccountView view = state.accounts(NOW).get(0);

    assertThat(view.state()).isEqualTo(AccountHealth.DISABLED);
    assertThat(view.lastError()).isEqualTo("disabled in the accounts file (enabled: false)");
    assertThat(view.lastCompleteAge()).isNull();
  }

  @Test
  void theLastCompletePollIsKnownFromALaterStatusWhenCompactionLeftOnlyThat() {
    state.applyAccount("a", account("a", "okta")); // enabled again, not polled since
    state.applyPollStatus(
        notPolled(
            "a",
            "okta",
            7,
            Duration.ofMinutes(20),
            ErrorCategory.AUTH,
            "needs_reauth",
            Duration.ofHours(5)));

    assertThat(state.lastCompletePoll("a")).isEqualTo(NOW.minus(Duration.ofHours(5)));
    assertThat(state.accounts(NOW).get(0).state())
        .as("its data is 5 h old: stale, not never polled")
        .isEqualTo(AccountHealth.STALE);
  }

  @Test
  void theLastPollIdIsTheHighestReadWhateverItsOutcome() {
    state.applyPollStatus(completed("a", "okta", 5, Duration.ofMinutes(3), 42));
    state.applyPollStatus(
        notPolled("a", "okta", 9, Duration.ofMinutes(2), ErrorCategory.AUTH, "needs_reauth", null));
    state.applyPollStatus(
        failed(
            "a",
            "okta",
            7,
            Duration.ofMinutes(1),
            ErrorCategory.UPSTREAM,
            "late record of an older poll"));

    assertThat(state.lastPollId("a")).isEqualTo(OptionalLong.of(9));
    assertThat(state.lastPollId("unknown")).isEmpty();
  }

  @Test
  void aViewSaysAgeUsersNextPollAndTheErrorInWords() {
    state.applyAccount("a", account("a", "okta"));
    state.applyPollStatus(completed("a", "okta", 1, Duration.ofMinutes(2), 42));
    state.applyPollStatus(
        failed(
            "a",
            "okta",
            2,
            Duration.ofMinutes(1),
            ErrorCategory.RATE_LIMITED,
            "retries exhausted on 429"));

    AccountView view = state.accounts(NOW).get(0);

    assertThat(view.state()).isEqualTo(AccountHealth.FAILING);
    assertThat(view.lastOutcome()).isEqualTo(PollOutcome.FAILED);
    assertThat(view.lastPollAge()).isEqualTo(Duration.ofMinutes(1));
    assertThat(view.lastError()).isEqualTo("RATE_LIMITED: retries exhausted on 429");
    assertThat(view.nextPollEstimate()).isEqualTo(NOW.minus(Duration.ofMinutes(1)).plus(INTERVAL));
    assertThat(state.lastCompletePoll("a")).isEqualTo(NOW.minus(Duration.ofMinutes(2)));
  }

  @Test
  void anOlderOrRepeatedStatusDoesNotReplaceTheLastOne() {
    state.applyAccount("a", account("a", "okta"));
    state.applyPollStatus(completed("a", "okta", 5, Duration.ofMinutes(1), 42));
    state.applyPollStatus(failed("a", "okta", 4, Duration.ofMinutes(2), ErrorCategory.AUTH, "old"));

    assertThat(state.accounts(NOW).get(0).state()).isEqualTo(AccountHealth.OK);
    assertThat(state.accounts(NOW).get(0).usersSeen()).isEqualTo(42);
  }

  @Test
  void aTombstoneRemovesTheAccount() {
    state.applyAccount("a", account("a", "okta"));
    state.applyAccount("a", null);

    assertThat(state.accounts(NOW)).isEmpty();
  }

  @Test
  void removalsHeldAreSummedOverThePartitionsOfTheLatestPoll() {
    state.applyAccount("a", account("a", "okta"));
    state.applyPollSummary(summary("a", 1, 0, 7, "old poll"));
    state.applyPollSummary(summary("a", 2, 0, 3, "would remove 90% of 10 users"));
    state.applyPollSummary(summary("a", 2, 1, 4, null));
    state.applyPollSummary(summary("a", 1, 1, 9, "late summary of an older poll"));

    AccountView view = state.accounts(NOW).get(0);

    assertThat(view.removalsHeld()).isEqualTo(7);
    assertThat(view.guardReason()).isEqualTo("would remove 90% of 10 users");
  }

  @Test
  void countsEventsByTypeKeepsTheLatestFiftyAndCountsDeadLetters() {
    for (int i = 0; i < 60; i++) {
      state.applyUserEvent(
          event("a", "u" + i, i < 55 ? ChangeType.USER_DISCOVERED : ChangeType.USER_REMOVED));
    }
    state.applyDeadLetter();

    assertThat(state.eventCounts())
        .isEqualTo(Map.of(ChangeType.USER_DISCOVERED, 55L, ChangeType.USER_REMOVED, 5L));
    assertThat(state.recentEvents()).hasSize(50);
    assertThat(state.recentEvents().get(0).userId()).isEqualTo("u59");
    assertThat(state.deadLetters()).isEqualTo(1);
  }

  @Test
  void anOpeningOpensItsAlertAndItsResolutionClosesIt() {
    IdentityAlert leaver =
        opening("a1", IdentityAlertType.LEAVER_STILL_ACTIVE, "t1", "ann@x.io", Duration.ofHours(2));
    IdentityAlert orphan =
        opening("a2", IdentityAlertType.ORPHANED_ACCOUNT, "t1", "bob@x.io", Duration.ofHours(1));
    IdentityAlert admin =
        opening("a3", IdentityAlertType.ADMIN_WITHOUT_2FA, "t2", "cy@x.io", Duration.ofHours(3));
    state.applyIdentityAlert(leaver);
    state.applyIdentityAlert(orphan);
    state.applyIdentityAlert(admin);
    state.applyIdentityAlert(resolution(leaver));

    assertThat(state.openAlerts())
        .as("newest detected first")
        .extracting(OpenAlert::alertId, OpenAlert::type, OpenAlert::tenant, OpenAlert::person)
        .containsExactly(
            tuple("a2", IdentityAlertType.ORPHANED_ACCOUNT, "t1", "bob@x.io"),
            tuple("a3", IdentityAlertType.ADMIN_WITHOUT_2FA, "t2", "cy@x.io"));
    assertThat(state.openAlerts(IdentityAlertType.LEAVER_STILL_ACTIVE)).isZero();
    assertThat(state.openAlerts(IdentityAlertType.ORPHANED_ACCOUNT)).isEqualTo(1);
    assertThat(state.openAlerts(IdentityAlertType.ADMIN_WITHOUT_2FA)).isEqualTo(1);
  }

  @Test
  void aRepeatedOpeningCountsOnceAndAResolutionOfAnAlertNotOpenChangesNothing() {
    List<IdentityAlert> told = new ArrayList<>();
    state.addListener(
        new OpsListener() {
          @Override
          public void identityAlert(IdentityAlert alert) {
            told.add(alert);
          }
        });
    IdentityAlert leaver =
        opening("a1", IdentityAlertType.LEAVER_STILL_ACTIVE, "t1", "ann@x.io", Duration.ofHours(2));
    IdentityAlert other =
        opening("a2", IdentityAlertType.LEAVER_STILL_ACTIVE, "t1", "bob@x.io", Duration.ofHours(1));
    state.applyIdentityAlert(leaver);
    state.applyIdentityAlert(leaver);
    state.applyIdentityAlert(other);
    state.applyIdentityAlert(resolution("never-opened", leaver));
    state.applyIdentityAlert(
        IdentityAlert.newBuilder(resolution(leaver)).setResolvesAlertId(null).build());

    assertThat(state.openAlerts()).extracting(OpenAlert::alertId).containsExactly("a2", "a1");
    assertThat(state.openAlerts(IdentityAlertType.LEAVER_STILL_ACTIVE)).isEqualTo(2);

    state.applyIdentityAlert(resolution(leaver));
    state.applyIdentityAlert(resolution(leaver));

    assertThat(state.openAlerts()).extracting(OpenAlert::alertId).containsExactly("a2");
    assertThat(state.openAlerts(IdentityAlertType.LEAVER_STILL_ACTIVE))
        .as("the repeated resolution closes nothing more")
        .isEqualTo(1);
    assertThat(told)
        .as("told only of what changed the state")
        .extracting(IdentityAlert::getAlertId)
        .containsExactly("a1", "a2", "a1/resolved");
  }

  @Test
  void beyondTheCapTheAlertReadEarliestIsDroppedAndCountedAndItsResolutionIgnored() {
    IdentityAlert first =
        opening("first", IdentityAlertType.ORPHANED_ACCOUNT, "t1", "ann@x.io", Duration.ZERO);
    state.applyIdentityAlert(first);
    for (int i = 1; i < OpsState.MAX_OPEN_ALERTS; i++) {
      state.applyIdentityAlert(
          opening(
              "a" + i,
              IdentityAlertType.LEAVER_STILL_ACTIVE,
              "t1",
              "u" + i + "@x.io",
              Duration.ofHours(1)));
    }
    assertThat(state.openAlertsDropped()).isZero();

    state.applyIdentityAlert(
        opening("last", IdentityAlertType.ADMIN_WITHOUT_2FA, "t1", "zed@x.io", Duration.ZERO));
    state.applyIdentityAlert(resolution(first));

    assertThat(state.openAlerts()).hasSize(OpsState.MAX_OPEN_ALERTS);
    assertThat(state.openAlertsDropped()).isEqualTo(1);
    assertThat(state.openAlerts(IdentityAlertType.ORPHANED_ACCOUNT)).isZero();
    assertThat(state.openAlerts(IdentityAlertType.LEAVER_STILL_ACTIVE))
        .isEqualTo(OpsState.MAX_OPEN_ALERTS - 1);
    assertThat(state.openAlerts(IdentityAlertType.ADMIN_WITHOUT_2FA)).isEqualTo(1);
  }

  @Test
  void aLongReasonIsCutSoEachOpenAlertStaysSmall() {
    state.applyIdentityAlert(
        IdentityAlert.newBuilder(
                opening("a1", IdentityAlertType.ORPHANED_ACCOUNT, "t1", "ann@x.io", Duration.ZERO))
            .setReason("x".repeat(10_000))
            .build());

    assertThat(state.openAlerts().get(0).reason())
        .hasSize(OpenAlert.MAX_REASON_CHARS)
        .endsWith("…");
  }

  @Test
  void usersWithoutKeyAreThoseOfTheSourceShownAndNoneWithout() {
    assertThat(state.usersWithoutKey()).isEmpty();

    state.showUsersWithoutKey(() -> Map.of("t1", 3L));

    assertThat(state.usersWithoutKey()).hasValue(Map.of("t1", 3L));
  }
}
