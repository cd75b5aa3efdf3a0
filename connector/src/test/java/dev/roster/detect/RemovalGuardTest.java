package dev.roster.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RemovalGuardTest {

  private static final RemovalGuardSettings DEFAULTS = RemovalGuardSettings.defaults();

  @Test
  void defaultsHoldAboveAFifthOfTenOrMoreUsersForTwoConfirmations() {
    assertThat(DEFAULTS).isEqualTo(new RemovalGuardSettings(0.20, 10, 2));
  }

  @Test
  void anEmptyListForAKnownAccountIsHeldAndSaysWhy() {
    assertThat(RemovalGuard.judge(250, 0, DEFAULTS))
        .isEqualTo(
            new RemovalVerdict.Hold(
                "poll saw 0 of 250 known users (100% missing > 20% allowed); removals wait for 2 more complete polls"));
  }

  @ParameterizedTest(name = "{1} of {0} seen")
  @CsvSource({
    "250, 200", // exactly 20% missing
    "10, 8", // exactly 20% of the smallest guarded account
    "250, 250",
    "250, 260", // more users than known: nothing to remove
    "9, 0", // below minKnownUsers: a few users leaving is a big share
    "1, 0",
    "0, 0"
  })
  void proceeds(long knownUsers, long usersSeen) {
    assertThat(RemovalGuard.judge(knownUsers, usersSeen, DEFAULTS))
        .isEqualTo(new RemovalVerdict.Proceed());
  }

  @ParameterizedTest(name = "{1} of {0} seen")
  @CsvSource({"250, 199", "10, 7", "10, 0", "1000000, 799999"})
  void holds(long knownUsers, long usersSeen) {
    assertThat(RemovalGuard.judge(knownUsers, usersSeen, DEFAULTS))
        .isInstanceOf(RemovalVerdict.Hold.class);
  }

  @Test
  void aShareJustAboveTheLimitNeverReadsAsTheLimit() {
    RemovalVerdict verdict = RemovalGuard.judge(1_000_000, 799_999, DEFAULTS);
    assertThat(((RemovalVerdict.Hold) verdict).reason())
        .isEqualTo(
            "poll saw 799999 of 1000000 known users (20.1% missing > 20% allowed);"
                + " removals wait for 2 more complete polls");
  }

  @Test
  void theReasonFollowsTheSettings() {
    RemovalVerdict verdict = RemovalGuard.judge(40, 25, new RemovalGuardSettings(0.125, 5, 1));
    assertThat(((RemovalVerdict.Hold) verdict).reason())
        .isEqualTo(
            "poll saw 25 of 40 known users (37.5% missing > 12.5% allowed); removals wait for 1 more"
                + " complete poll");
  }

  @Test
  void aShareOfZeroHoldsAnyRemovalAndAShareOfOneNone() {
    assertThat(RemovalGuard.judge(10, 9, new RemovalGuardSettings(0, 10, 2)))
        .isInstanceOf(RemovalVerdict.Hold.class);
    assertThat(RemovalGuard.judge(10, 0, new RemovalGuardSettings(1, 10, 2)))
        .isEqualTo(new RemovalVerdict.Proceed());
  }

  @Test
  void negativeCountsAreRefused() {
    assertThatThrownBy(() -> RemovalGuard.judge(-1, 0, DEFAULTS))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RemovalGuard.judge(10, -1, DEFAULTS))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void withoutAHoldOneMissedCompletePollRemoves() {
    assertThat(RemovalGuard.mayRemove(0, false, DEFAULTS)).isFalse();
    assertThat(RemovalGuard.mayRemove(1, false, DEFAULTS)).isTrue();
    assertThat(RemovalGuard.mayRemove(2, false, DEFAULTS)).isTrue();
  }

  @Test
  void whenHeldTheConfirmationsMustMissTheUserToo() {
    assertThat(RemovalGuard.mayRemove(1, true, DEFAULTS)).isFalse();
    assertThat(RemovalGuard.mayRemove(2, true, DEFAULTS)).isFalse();
    assertThat(RemovalGuard.mayRemove(3, true, DEFAULTS)).isTrue();
    assertThat(RemovalGuard.mayRemove(4, true, DEFAULTS)).isTrue();
    RemovalGuardSettings oneConfirmation = new RemovalGuardSettings(0.2, 10, 1);
    assertThat(RemovalGuard.mayRemove(1, true, oneConfirmation)).isFalse();
    assertThat(RemovalGuard.mayRemove(2, true, oneConfirmation)).isTrue();
  }

  @Test
  void aHoldIsConfirmedByTheFirstHeldPollAndEachConfirmation() {
    assertThat(RemovalGuard.holdConfirmed(1, DEFAULTS)).isFalse();
    assertThat(RemovalGuard.holdConfirmed(2, DEFAULTS)).isFalse();
    assertThat(RemovalGuard.holdConfirmed(3, DEFAULTS)).isTrue();
    assertThat(RemovalGuard.holdConfirmed(1, new RemovalGuardSettings(0.2, 10, 1))).isFalse();
    assertThat(RemovalGuard.holdConfirmed(2, new RemovalGuardSettings(0.2, 10, 1))).isTrue();
  }

  @Test
  void aNegativeMissCountIsRefused() {
    assertThatThrownBy(() -> RemovalGuard.mayRemove(-1, false, DEFAULTS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("consecutiveCompletePollsMissed");
  }

  @ParameterizedTest
  @CsvSource({
    "-0.01, 10, 2, maxShare",
    "1.01, 10, 2, maxShare",
    "NaN, 10, 2, maxShare",
    "0.2, 0, 2, minKnownUsers",
    "0.2, 10, 0, confirmations"
  })
  void settingsOutOfRangeAreRefusedByName(
      double maxShare, int minKnownUsers, int confirmations, String name) {
    assertThatThrownBy(() -> new RemovalGuardSettings(maxShare, minKnownUsers, confirmations))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(name);
  }
}
