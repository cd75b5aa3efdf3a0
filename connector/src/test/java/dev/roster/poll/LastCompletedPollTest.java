package dev.roster.poll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.avro.ErrorCategory;
import dev.roster.avro.PollOutcome;
import dev.roster.avro.PollStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LastCompletedPollTest {

  private static final Instant ENDED = Instant.parse("2026-03-01T10:00:00Z");
  private static final Instant EARLIER = ENDED.minusSeconds(3600);

  private static PollStatus status(PollOutcome outcome) {
    return PollStatus.newBuilder()
        .setIntegratedAccountId("a")
        .setIntegration("okta")
        .setPollId(3)
        .setStartedAt(ENDED.minusSeconds(5))
        .setEndedAt(ENDED)
        .setOutcome(outcome)
        .setErrorCategory(outcome == PollOutcome.COMPLETED ? null : ErrorCategory.AUTH)
        .build();
  }

  @Test
  void aCompletedPollIsItsOwnLastCompletePoll() {
    assertThat(LastCompletedPoll.stamp(status(PollOutcome.COMPLETED), EARLIER).getLastCompletedAt())
        .isEqualTo(ENDED);
  }

  @Test
  void aFailedOrNotPolledStatusCarriesTheLastCompletePollRead() {
    assertThat(LastCompletedPoll.stamp(status(PollOutcome.FAILED), EARLIER).getLastCompletedAt())
        .isEqualTo(EARLIER);
    assertThat(
            LastCompletedPoll.stamp(status(PollOutcome.NOT_POLLED), EARLIER).getLastCompletedAt())
        .isEqualTo(EARLIER);
    assertThat(LastCompletedPoll.stamp(status(PollOutcome.NOT_POLLED), null).getLastCompletedAt())
        .as("none known")
        .isNull();
  }

  @Test
  void everythingElseIsKept() {
    PollStatus failed = status(PollOutcome.FAILED);

    assertThat(
            PollStatus.newBuilder(LastCompletedPoll.stamp(failed, EARLIER))
                .setLastCompletedAt(null)
                .build())
        .isEqualTo(failed);
  }
}
