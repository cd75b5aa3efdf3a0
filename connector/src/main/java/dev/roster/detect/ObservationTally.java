package dev.roster.detect;

import java.util.Optional;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * How many observations of an account's newest poll one detector task has read: what the poll's
 * marker on the task's partition is checked against before the partition may remove anyone
 * (README.md, "No false removals"). Observations deleted by retention before the detector read
 * them, or too broken to read, leave the tally short, and the users they stood for are then not
 * taken for missing.
 *
 * @param pollId the newest poll of the account whose observations this task has read
 * @param read how many of that poll's observations it has read
 * @param unchanged how many of them were fingerprints only, confirmed by the stored state
 */
record ObservationTally(long pollId, long read, long unchanged) {

  /**
   * Format 1, big-endian: the byte 1, long pollId, long read, then (appended after 0.1.0) long
   * unchanged (growth: {@link AppendOnlyFormat}).
   */
  private static final AppendOnlyFormat FORMAT =
      new AppendOnlyFormat("observation-tally", (byte) 1, 1 + 8 + 8 + 8, 1 + 8 + 8);

  static final ObservationTally NONE = new ObservationTally(Long.MIN_VALUE, 0, 0);

  /**
   * Counts one observation of poll {@code observationPoll}. A newer poll starts a new count; an
   * observation of an older poll (a straggler of a poll that was interrupted) counts for nothing.
   */
  ObservationTally counted(long observationPoll) {
    if (observationPoll == pollId) {
      return new ObservationTally(pollId, read + 1, unchanged);
    }
    return observationPoll > pollId ? new ObservationTally(observationPoll, 1, 0) : this;
  }

  /**
   * Counts one fingerprints-only observation of poll {@code observationPoll} that the stored state
   * confirmed, already {@link #counted} as read.
   */
  ObservationTally confirmedUnchanged(long observationPoll) {
    return observationPoll == pollId ? new ObservationTally(pollId, read, unchanged + 1) : this;
  }

  /** Fingerprints-only observations of poll {@code completedPoll} that the state confirmed. */
  long unchangedOf(long completedPoll) {
    return completedPoll == pollId ? unchanged : 0;
  }

  /** Observations of poll {@code completedPoll} this task read. */
  long readOf(long completedPoll) {
    return completedPoll == pollId ? read : 0;
  }

  /**
   * Why this task's share of poll {@code completedPoll} is incomplete, empty when it read exactly
   * the {@code written} observations the poller wrote to its partition.
   *
   * @param written the marker's count of observations written to this partition; negative when it
   *     does not say
   */
  Optional<String> shortfall(long completedPoll, long written) {
    if (written < 0) {
      return Optional.of(
          "its marker does not say how many observations the poller wrote to this partition "
              + "(a marker from an older Roster)");
    }
    if (pollId > completedPoll) {
      return Optional.of(
          "observations of a newer poll ("
              + pollId
              + ") were read on this partition before this marker");
    }
    long got = readOf(completedPoll);
    if (got != written) {
      return Optional.of(
          "read "
              + got
              + " of the "
              + written
              + " observations the poller wrote to this partition "
              + "(the others were deleted by retention before the detector read them, or could not be read)");
    }
    return Optional.empty();
  }

  static Serde<ObservationTally> serde() {
    return Serdes.serdeFrom(SERIALIZER, DESERIALIZER);
  }

  private static final Serializer<ObservationTally> SERIALIZER =
      (topic, tally) ->
          tally == null
              ? null
              : FORMAT
                  .writer()
                  .putLong(tally.pollId)
                  .putLong(tally.read)
                  .putLong(tally.unchanged)
                  .array();

  private static final Deserializer<ObservationTally> DESERIALIZER =
      (topic, bytes) -> {
        if (bytes == null) {
          return null;
        }
        return FORMAT.read(
            topic,
            bytes,
            buffer ->
                new ObservationTally(
                    buffer.getLong(),
                    buffer.getLong(),
                    buffer.hasRemaining() ? buffer.getLong() : 0));
      };
}
