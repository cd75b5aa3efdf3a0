package dev.roster.detect;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What the detector remembers of a user on every poll: the last poll that saw it, how many complete
 * polls in a row have missed it, and its fingerprints. Kept apart from the User itself, so a
 * re-poll of an unchanged user writes these 37 bytes, not the whole User and its changelog record.
 */
record SeenState(long lastSeenPoll, int missedCompletePolls, Fingerprints fingerprints) {

  /**
   * Format 1, big-endian: the byte 1, long lastSeenPoll, int missedCompletePolls, long content,
   * quiet and remoteData fingerprints (growth: {@link AppendOnlyFormat}).
   */
  private static final AppendOnlyFormat FORMAT =
      new AppendOnlyFormat("seen-state", (byte) 1, 1 + 8 + 4 + 3 * 8);

  StoredUserState stored() {
    return new StoredUserState(lastSeenPoll, fingerprints);
  }

  SeenState missedOnceMore() {
    return new SeenState(lastSeenPoll, missedCompletePolls + 1, fingerprints);
  }

  static Serde<SeenState> serde() {
    return Serdes.serdeFrom(SERIALIZER, DESERIALIZER);
  }

  private static final Serializer<SeenState> SERIALIZER =
      (topic, state) ->
          state == null
              ? null
              : FORMAT
                  .writer()
                  .putLong(state.lastSeenPoll)
                  .putInt(state.missedCompletePolls)
                  .putLong(state.fingerprints.content())
                  .putLong(state.fingerprints.quiet())
                  .putLong(state.fingerprints.remoteData())
                  .array();

  private static final Deserializer<SeenState> DESERIALIZER =
      (topic, bytes) -> {
        if (bytes == null) {
          return null;
        }
        return FORMAT.read(
            topic,
            bytes,
            buffer ->
                new SeenState(
                    buffer.getLong(),
                    buffer.getInt(),
                    new Fingerprints(buffer.getLong(), buffer.getLong(), buffer.getLong())));
      };
}
