package dev.roster.detect;

import dev.roster.avro.ChangeType;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What one detector task remembers of an account.
 *
 * @param baselineDone a complete poll has been processed: new users are news from now on
 * @param lastCompletePoll the newest complete poll processed (older markers are stale)
 * @param knownUsers the account's users (all partitions) after the last accepted complete poll: what
 *     the mass-removal guard compares the next poll with
 * @param heldPolls consecutive complete polls whose removals the mass-removal guard has held; once they are
 *     the first hold and its confirmations, what they saw is the account's new normal
 * @param countedPoll the poll whose events {@code counts} counts, for its summary
 * @param counts events of {@code countedPoll} by ChangeType ordinal
 */
record AccountState(boolean baselineDone, long lastCompletePoll, long knownUsers, int heldPolls, long countedPoll, long[] counts) {

  /** Format 1 had no heldPolls: state written before the guard learnt confirmed removals reads as holding none. */
  private static final byte FORMAT_WITHOUT_HELD_POLLS = 1;
  private static final byte FORMAT = 2;
  private static final int TYPES = ChangeType.values().length;
  private static final int SIZE_WITHOUT_HELD_POLLS = 1 + 1 + 8 + 8 + 8 + TYPES * 8;
  private static final int SIZE = SIZE_WITHOUT_HELD_POLLS + 4;

  static final AccountState NEW = new AccountState(false, Long.MIN_VALUE, 0, 0, Long.MIN_VALUE, new long[TYPES]);

  AccountState {
    counts = counts.clone();
  }

  /** Counts one event of {@code pollId}; a new poll starts its counts from zero. */
  AccountState counted(ChangeType type, long pollId) {
    long[] next = pollId == countedPoll ? counts.clone() : new long[TYPES];
    next[type.ordinal()]++;
    return new AccountState(baselineDone, lastCompletePoll, knownUsers, heldPolls, pollId, next);
  }

  long count(ChangeType type, long pollId) {
    return pollId == countedPoll ? counts[type.ordinal()] : 0;
  }

  /**
   * After complete poll {@code pollId}: the baseline is done, older polls are stale.
   *
   * @param newKnownUsers what the guard compares the next poll with
   * @param newHeldPolls consecutive complete polls the guard has held, this one included
   */
  AccountState completed(long pollId, long newKnownUsers, int newHeldPolls) {
    return new AccountState(true, pollId, newKnownUsers, newHeldPolls, countedPoll, counts);
  }

  static Serde<AccountState> serde() {
    return Serdes.serdeFrom(SERIALIZER, DESERIALIZER);
  }

  private static final Serializer<AccountState> SERIALIZER = (topic, state) -> {
    if (state == null) {
      return null;
    }
    ByteBuffer buffer = ByteBuffer.allocate(SIZE)
        .put(FORMAT)
        .put((byte) (state.baselineDone ? 1 : 0))
        .putLong(state.lastCompletePoll)
        .putLong(state.knownUsers)
        .putInt(state.heldPolls)
        .putLong(state.countedPoll);
    for (long count : state.counts) {
      buffer.putLong(count);
    }
    return buffer.array();
  };

  private static final Deserializer<AccountState> DESERIALIZER = (topic, bytes) -> {
    if (bytes == null) {
      return null;
    }
    boolean withHeldPolls = bytes.length == SIZE && bytes[0] == FORMAT;
    if (!withHeldPolls && !(bytes.length == SIZE_WITHOUT_HELD_POLLS && bytes[0] == FORMAT_WITHOUT_HELD_POLLS)) {
      throw new SerializationException("Unknown account-state format in " + topic + ": " + bytes.length + " bytes");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
    boolean baselineDone = buffer.get() == 1;
    long lastCompletePoll = buffer.getLong();
    long knownUsers = buffer.getLong();
    int heldPolls = withHeldPolls ? buffer.getInt() : 0;
    long countedPoll = buffer.getLong();
    long[] counts = new long[TYPES];
    for (int i = 0; i < TYPES; i++) {
      counts[i] = buffer.getLong();
    }
    return new AccountState(baselineDone, lastCompletePoll, knownUsers, heldPolls, countedPoll, counts);
  };

  @Override
  public boolean equals(Object other) {
    return other instanceof AccountState state && baselineDone == state.baselineDone && lastCompletePoll == state.lastCompletePoll
        && knownUsers == state.knownUsers && heldPolls == state.heldPolls && countedPoll == state.countedPoll && java.util.Arrays.equals(counts, state.counts);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(baselineDone, lastCompletePoll, knownUsers, heldPolls, countedPoll, java.util.Arrays.hashCode(counts));
  }

  @Override
  public String toString() {
    return "AccountState[baselineDone=" + baselineDone + ", lastCompletePoll=" + lastCompletePoll + ", knownUsers=" + knownUsers
        + ", heldPolls=" + heldPolls + ", countedPoll=" + countedPoll + ", counts=" + java.util.Arrays.toString(counts) + "]";
  }
}
