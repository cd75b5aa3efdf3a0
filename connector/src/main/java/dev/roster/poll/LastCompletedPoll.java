package dev.roster.poll;

import dev.roster.avro.PollOutcome;
import dev.roster.avro.PollStatus;
import java.time.Instant;

/**
 * Stamps a status with when its account's last complete poll ended (PollStatus.last_completed_at in
 * contract/src/main/avro/PollStatus.avsc), so the last record of the compacted roster.poll-status
 * tells how fresh the account's data is even when it is a failure or a NOT_POLLED one. Pure.
 */
public final class LastCompletedPoll {

  private LastCompletedPoll() {}

  /**
   * {@code status} with last_completed_at: its own end when it completed, else {@code
   * lastCompleteRead}, the end of the account's last complete poll read so far (null when none).
   */
  public static PollStatus stamp(PollStatus status, Instant lastCompleteRead) {
    Instant lastComplete =
        status.getOutcome() == PollOutcome.COMPLETED ? status.getEndedAt() : lastCompleteRead;
    return PollStatus.newBuilder(status).setLastCompletedAt(lastComplete).build();
  }
}
