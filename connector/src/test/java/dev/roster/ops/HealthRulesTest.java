package dev.roster.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.ops.HealthCheck.CheckResult;
import dev.roster.poll.PollerHealth;
import dev.roster.poll.PollerHealth.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

class HealthRulesTest {

  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

  private static PollerHealth poller(
      Phase phase, Duration sinceProgress, int failures, String error) {
    return new PollerHealth(phase, NOW.minus(sinceProgress), failures, Optional.ofNullable(error));
  }

  @Test
  void theDetectorIsNotLiveOnceStreamsFailedAndSaysWhy() {
    CheckResult failed =
        HealthRules.detectorLive(
            State.ERROR, Optional.of(new IllegalStateException("Error opening store users")));

    assertThat(failed.up()).isFalse();
    assertThat(failed.detail()).contains("ERROR").contains("Error opening store users");
    assertThat(HealthRules.detectorLive(State.PENDING_ERROR, Optional.empty()).up()).isFalse();
  }

  @Test
  void theDetectorIsLiveWhileRebalancingOrStoppingAsAsked() {
    for (State state :
        new State[] {
          State.CREATED, State.REBALANCING, State.RUNNING, State.PENDING_SHUTDOWN, State.NOT_RUNNING
        }) {
      assertThat(HealthRules.detectorLive(state, Optional.empty()).up()).as(state.name()).isTrue();
    }
  }

  @Test
  void theDetectorIsReadyOnlyWhenRunning() {
    assertThat(HealthRules.detectorReady(State.RUNNING).up()).isTrue();
    assertThat(HealthRules.detectorReady(State.REBALANCING))
        .isEqualTo(CheckResult.down("change detector is REBALANCING"));
  }

  @Test
  void thePollerIsNotLiveOnceItsLoopEndedOnAFailure() {
    CheckResult ended =
        HealthRules.pollerLive(
            poller(Phase.FAILED, Duration.ofSeconds(1), 1, "java.lang.OutOfMemoryError"), NOW);

    assertThat(ended.up()).isFalse();
    assertThat(ended.detail()).contains("OutOfMemoryError");
  }

  @Test
  void thePollerIsNotLiveWhenItHasMadeNoProgressForTheStallLimit() {
    Duration justUnder = HealthRules.STALL_LIMIT.minusSeconds(1);
    Duration over = HealthRules.STALL_LIMIT.plusSeconds(1);

    assertThat(HealthRules.pollerLive(poller(Phase.RUNNING, justUnder, 9, "broker gone"), NOW).up())
        .isTrue();
    CheckResult stuck = HealthRules.pollerLive(poller(Phase.RUNNING, over, 12, "broker gone"), NOW);
    assertThat(stuck.up()).isFalse();
    assertThat(stuck.detail())
        .contains("no progress for " + over.toSeconds() + " s")
        .contains("broker gone");
  }

  @Test
  void aPollerStoppedAsAskedIsStillLiveButNotReady() {
    PollerHealth stopped = poller(Phase.STOPPED, HealthRules.STALL_LIMIT.multipliedBy(2), 0, null);

    assertThat(HealthRules.pollerLive(stopped, NOW).up()).isTrue();
    assertThat(HealthRules.pollerReady(stopped, NOW).up()).isFalse();
  }

  @Test
  void thePollerIsReadyWhileItsLoopGetsThroughRoundsAndNotWhenItKeepsFailing() {
    assertThat(HealthRules.pollerReady(poller(Phase.STARTING, Duration.ZERO, 0, null), NOW).up())
        .isFalse();
    assertThat(
            HealthRules.pollerReady(poller(Phase.RUNNING, Duration.ofMillis(400), 0, null), NOW)
                .up())
        .isTrue();

    CheckResult failing =
        HealthRules.pollerReady(
            poller(
                Phase.RUNNING,
                HealthRules.PROGRESS_WINDOW.plusSeconds(5),
                4,
                "SerializationException"),
            NOW);
    assertThat(failing.up()).isFalse();
    assertThat(failing.detail()).contains("4 failures in a row").contains("SerializationException");
  }
}
