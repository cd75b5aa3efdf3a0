package dev.roster.detect;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The bytes of an {@link AccountState} in the accounts store and its changelog. Every record starts
 * with its format byte; big-endian throughout.
 *
 * <p>Format 3, written now:
 *
 * <pre>
 *   byte   3
 *   byte   baselineDone, 1 or 0
 *   long   lastCompletePoll
 *   long   knownUsers
 *   int    heldPolls
 *   long   countedPoll
 *   int    n, how many counts follow
 *   n x    unsigned short length of a ChangeType symbol's name, the name in UTF-8, long count
 *   ...    fields a later Roster appended: skipped
 * </pre>
 *
 * A field added later is appended and keeps format 3: this build reads past it, and the build that
 * adds it tells a record without it by there being nothing left after the counts. The format byte
 * changes only for a layout that is not format 3 with fields appended, which a build that does not
 * know it refuses rather than misreads.
 *
 * <p>Formats 1 and 2 kept one long per ChangeType in the order of its symbols, so their length
 * followed the enum's size and a new symbol would have misread them; they are still read, with the
 * five symbols ChangeType had when they were written ({@link #POSITIONAL_SYMBOLS}, never changed
 * before format 3). Format 1 predates heldPolls, and reads as holding none.
 */
final class AccountStateFormat {

  static final byte FORMAT = 3;
  private static final byte FORMAT_WITHOUT_HELD_POLLS = 1;
  private static final byte FORMAT_WITH_POSITIONAL_COUNTS = 2;

  /**
   * ChangeType's symbols in order as formats 1 and 2 stored them: written out, for ChangeType may
   * change.
   */
  static final List<String> POSITIONAL_SYMBOLS =
      List.of(
          "USER_DISCOVERED", "USER_CREATED", "USER_STATUS_CHANGED", "USER_UPDATED", "USER_REMOVED");

  private static final int FORMAT_1_SIZE = 1 + 1 + 8 + 8 + 8 + POSITIONAL_SYMBOLS.size() * 8;
  private static final int FORMAT_2_SIZE = FORMAT_1_SIZE + 4;

  /** Format 3 up to and including its number of counts. */
  private static final int HEADER_SIZE = 1 + 1 + 8 + 8 + 4 + 8 + 4;

  /** A count with an empty name: no count is shorter. */
  private static final int SMALLEST_COUNT = 2 + 8;

  private AccountStateFormat() {}

  static byte[] write(String topic, AccountState state) {
    if (state == null) {
      return null;
    }
    List<byte[]> names = new ArrayList<>();
    List<Long> counts = new ArrayList<>();
    int size = HEADER_SIZE;
    for (Map.Entry<String, Long> count : state.counts().entrySet()) {
      byte[] name = count.getKey().getBytes(StandardCharsets.UTF_8);
      names.add(name);
      counts.add(count.getValue());
      size += 2 + name.length + 8;
    }
    ByteBuffer buffer =
        ByteBuffer.allocate(size)
            .put(FORMAT)
            .put((byte) (state.baselineDone() ? 1 : 0))
            .putLong(state.lastCompletePoll())
            .putLong(state.knownUsers())
            .putInt(state.heldPolls())
            .putLong(state.countedPoll())
            .putInt(names.size());
    for (int i = 0; i < names.size(); i++) {
      buffer.putShort((short) names.get(i).length).put(names.get(i)).putLong(counts.get(i));
    }
    return buffer.array();
  }

  static AccountState read(String topic, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    if (bytes.length == 0) {
      throw new SerializationException("Empty account-state record in " + topic);
    }
    return switch (bytes[0]) {
      case FORMAT -> current(topic, bytes);
      case FORMAT_WITH_POSITIONAL_COUNTS -> positional(topic, bytes, FORMAT_2_SIZE, true);
      case FORMAT_WITHOUT_HELD_POLLS -> positional(topic, bytes, FORMAT_1_SIZE, false);
      default ->
          throw new SerializationException(
              "Unknown account-state format "
                  + bytes[0]
                  + " in "
                  + topic
                  + ": "
                  + bytes.length
                  + " bytes");
    };
  }

  private static AccountState positional(
      String topic, byte[] bytes, int size, boolean withHeldPolls) {
    if (bytes.length != size) {
      throw new SerializationException(
          "Account-state format "
              + bytes[0]
              + " in "
              + topic
              + " is "
              + size
              + " bytes long, not "
              + bytes.length);
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
    boolean baselineDone = buffer.get() == 1;
    long lastCompletePoll = buffer.getLong();
    long knownUsers = buffer.getLong();
    int heldPolls = withHeldPolls ? buffer.getInt() : 0;
    long countedPoll = buffer.getLong();
    Map<String, Long> counts = new HashMap<>();
    for (String symbol : POSITIONAL_SYMBOLS) {
      counts.put(symbol, buffer.getLong());
    }
    return new AccountState(
        baselineDone, lastCompletePoll, knownUsers, heldPolls, countedPoll, counts);
  }

  private static AccountState current(String topic, byte[] bytes) {
    if (bytes.length < HEADER_SIZE) {
      throw new SerializationException(
          "Account-state format 3 in "
              + topic
              + " needs at least "
              + HEADER_SIZE
              + " bytes, got "
              + bytes.length);
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
    boolean baselineDone = buffer.get() == 1;
    long lastCompletePoll = buffer.getLong();
    long knownUsers = buffer.getLong();
    int heldPolls = buffer.getInt();
    long countedPoll = buffer.getLong();
    int n = buffer.getInt();
    if (n < 0 || n > buffer.remaining() / SMALLEST_COUNT) {
      throw new SerializationException(
          "Account-state record in "
              + topic
              + " declares "
              + n
              + " counts, more than the "
              + buffer.remaining()
              + " bytes after it hold");
    }
    Map<String, Long> counts = new HashMap<>();
    for (int i = 0; i < n; i++) {
      String name = name(topic, buffer, i);
      if (buffer.remaining() < 8) {
        throw new SerializationException(
            "Account-state record in " + topic + " ends inside the count of " + name);
      }
      if (counts.put(name, buffer.getLong()) != null) {
        throw new SerializationException(
            "Account-state record in " + topic + " counts " + name + " twice");
      }
    }
    // Whatever is left are fields a later Roster appended (see the class comment).
    return new AccountState(
        baselineDone, lastCompletePoll, knownUsers, heldPolls, countedPoll, counts);
  }

  private static String name(String topic, ByteBuffer buffer, int index) {
    if (buffer.remaining() < 2) {
      throw new SerializationException(
          "Account-state record in " + topic + " ends before the name of count " + index);
    }
    int length = Short.toUnsignedInt(buffer.getShort());
    if (length > buffer.remaining()) {
      throw new SerializationException(
          "Account-state record in "
              + topic
              + " declares a name of "
              + length
              + " bytes for count "
              + index
              + ", but only "
              + buffer.remaining()
              + " bytes follow");
    }
    ByteBuffer name = buffer.slice(buffer.position(), length);
    buffer.position(buffer.position() + length);
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(name).toString();
    } catch (CharacterCodingException e) {
      throw new SerializationException(
          "Account-state record in "
              + topic
              + " names count "
              + index
              + " in bytes that are not UTF-8");
    }
  }
}
