package dev.roster.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.avro.ChangeType;
import dev.roster.avro.StatusCategory;
import dev.roster.avro.User;
import org.junit.jupiter.api.Test;

class UserObservationRulesTest {

  private static final DiffRules RULES = DiffRules.defaults();

  private final User stored = TestUsers.okta().build();
  private final StoredUserState seenInPoll7 =
      new StoredUserState(7, Fingerprints.of(stored, RULES));

  @Test
  void aUserNeverSeenDuringTheBaselineIsDiscovered() {
    assertThat(UserObservationRules.decide(null, stored, 1, false, RULES))
        .isEqualTo(new ObservationOutcome.Appeared(ChangeType.USER_DISCOVERED));
  }

  @Test
  void aUserNeverSeenAfterTheBaselineIsCreated() {
    assertThat(UserObservationRules.decide(null, stored, 8, true, RULES))
        .isEqualTo(new ObservationOutcome.Appeared(ChangeType.USER_CREATED));
  }

  @Test
  void anOlderPollNeverOverwritesNewerState() {
    User older =
        TestUsers.okta().setStatus("suspended").setStatusCategory(StatusCategory.INACTIVE).build();
    assertThat(UserObservationRules.decide(seenInPoll7, older, 6, true, RULES))
        .isEqualTo(new ObservationOutcome.Stale());
  }

  @Test
  void theSameUserTwiceInOnePollIsARepeat() {
    User again = TestUsers.okta().setTitle("Something else").build();
    assertThat(UserObservationRules.decide(seenInPoll7, again, 7, true, RULES))
        .isEqualTo(new ObservationOutcome.Repeat());
  }

  @Test
  void theSameUserInALaterPollIsUnchanged() {
    User same = TestUsers.okta().setObservedAt(TestUsers.OBSERVED.plusSeconds(300)).build();
    assertThat(UserObservationRules.decide(seenInPoll7, same, 8, true, RULES))
        .isEqualTo(new ObservationOutcome.Unchanged(Fingerprints.of(same, RULES)));
  }

  @Test
  void aChangeOnlyInRemoteDataIsUnchanged() {
    User rawChanged =
        TestUsers.okta()
            .setRemoteData("{\"id\":\"00u1a2b3c4d5e6f7g8h9\",\"etag\":\"W/2\"}")
            .build();
    ObservationOutcome outcome =
        UserObservationRules.decide(seenInPoll7, rawChanged, 8, true, RULES);
    assertThat(outcome)
        .isEqualTo(new ObservationOutcome.Unchanged(Fingerprints.of(rawChanged, RULES)));
  }

  @Test
  void onlyLastLoginChangedIsAQuietChange() {
    User loggedIn =
        TestUsers.okta().setLastLoginAt(stored.getLastLoginAt().plusSeconds(86_400)).build();
    assertThat(UserObservationRules.decide(seenInPoll7, loggedIn, 8, true, RULES))
        .isEqualTo(new ObservationOutcome.QuietChange(Fingerprints.of(loggedIn, RULES)));
  }

  @Test
  void onlyLicenseActivityChangedIsAQuietChange() {
    User used = FingerprintsTest.laterLicenseActivity(TestUsers.okta()).build();
    assertThat(UserObservationRules.decide(seenInPoll7, used, 8, true, RULES))
        .isInstanceOf(ObservationOutcome.QuietChange.class);
  }

  @Test
  void aContentChangeNeedsTheStoredUserForComparison() {
    User promoted = TestUsers.okta().setTitle("Head of Security").build();
    assertThat(UserObservationRules.decide(seenInPoll7, promoted, 8, true, RULES))
        .isEqualTo(new ObservationOutcome.NeedsComparison(Fingerprints.of(promoted, RULES)));
  }

  @Test
  void theBaselineFlagDoesNotMatterOnceAUserIsKnown() {
    User promoted = TestUsers.okta().setTitle("Head of Security").build();
    assertThat(UserObservationRules.decide(seenInPoll7, promoted, 8, false, RULES))
        .isInstanceOf(ObservationOutcome.NeedsComparison.class);
  }

  @Test
  void theObservationIsRequired() {
    assertThatThrownBy(() -> UserObservationRules.decide(seenInPoll7, null, 8, true, RULES))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("observed");
  }

  @Test
  void fingerprintsThatMatchTheStateConfirmAnUnchangedUser() {
    assertThat(UserObservationRules.confirm(seenInPoll7, seenInPoll7.fingerprints(), 8))
        .isEqualTo(new ObservationOutcome.Unchanged(seenInPoll7.fingerprints()));
  }

  @Test
  void fingerprintsThatDifferInAnyPartAreNotConfirmed() {
    Fingerprints held = seenInPoll7.fingerprints();
    for (Fingerprints claimed :
        java.util.List.of(
            new Fingerprints(held.content() + 1, held.quiet(), held.remoteData()),
            new Fingerprints(held.content(), held.quiet() + 1, held.remoteData()),
            new Fingerprints(held.content(), held.quiet(), held.remoteData() + 1))) {
      assertThat(UserObservationRules.confirm(seenInPoll7, claimed, 8))
          .isInstanceOfSatisfying(
              ObservationOutcome.NotConfirmed.class,
              outcome -> assertThat(outcome.why()).contains("differ"));
    }
  }

  @Test
  void fingerprintsOfAUserWithoutStateAreNotConfirmed() {
    assertThat(UserObservationRules.confirm(null, seenInPoll7.fingerprints(), 8))
        .isInstanceOfSatisfying(
            ObservationOutcome.NotConfirmed.class,
            outcome -> assertThat(outcome.why()).contains("no state"));
  }

  @Test
  void fingerprintsFromAnOlderPollOrTheSamePollAreIgnoredLikeFullObservations() {
    Fingerprints other = new Fingerprints(1, 2, 3);
    assertThat(UserObservationRules.confirm(seenInPoll7, other, 6))
        .isEqualTo(new ObservationOutcome.Stale());
    assertThat(UserObservationRules.confirm(seenInPoll7, other, 7))
        .isEqualTo(new ObservationOutcome.Repeat());
  }
}
