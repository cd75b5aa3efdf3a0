package dev.roster.detect;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
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
   * quiet and remoteData fingerprints. A field added later is appended and keeps format 1: this
   * build skips it, and the build that adds it tells a record without it by its length. The format
   * byte changes only for a layout that is not format 1 with fields appended, which a build that
   * does not know it refuses rather than misreads.
   */
  private static final byte FORMAT = 1;

  private static final int SIZE = 1 + 8 + 4 + 3 * 8;

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
              : ByteBuffer.allocate(SIZE)
                  .put(FORMAT)
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
        if (bytes.length == 0 || bytes[0] != FORMAT) {
          throw new SerializationException(
              "Unknown seen-state format in "
                  + topic
                  + ": "
                  + bytes.length
                  + " bytes, format "
                  + (bytes.length > 0 ? bytes[0] : -1));
        }
        if (bytes.length < SIZE) {
          throw new SerializationException(
              "Seen-state format 1 in "
                  + topic
                  + " needs at least "
                  + SIZE
                  + " bytes, got "
                  + bytes.length);
        }
        // Bytes past SIZE are fields a later Roster appended (see FORMAT).
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, SIZE - 1);
        return new SeenState(
            buffer.getLong(),
            buffer.getInt(),
            new Fingerprints(buffer.getLong(), buffer.getLong(), buffer.getLong()));
      };
}
