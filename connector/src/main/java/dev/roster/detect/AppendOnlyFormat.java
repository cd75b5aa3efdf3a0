package dev.roster.detect;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A store record of one format byte and fixed big-endian fields, grown only by appending fields: a
 * field added later keeps the format byte, this build skips it, and the build that adds it tells a
 * record without it by its length. The format byte changes only for a layout that is not this one
 * with fields appended, which a build that does not know it refuses rather than misreads.
 *
 * @param name what the record is, for errors ("seen-state")
 * @param format the format byte
 * @param size the format byte and the fields this build knows, in bytes
 * @param oldestSize the size of the first layout of this format: a shorter record is refused, a
 *     record at least this long but shorter than {@code size} was written before the fields after
 *     it were appended, and {@link #fields} returns only what it has
 */
record AppendOnlyFormat(String name, byte format, int size, int oldestSize) {

  /** A format whose fields have not grown yet. */
  AppendOnlyFormat(String name, byte format, int size) {
    this(name, format, size, size);
  }

  /** A buffer of {@code size} bytes, the format byte written: the caller puts the fields. */
  ByteBuffer writer() {
    return ByteBuffer.allocate(size).put(format);
  }

  /**
   * Reads a record with {@code reader}, given the fields this build knows after the format byte, or
   * fewer when the record was written before some were appended (check {@link
   * ByteBuffer#hasRemaining}); refuses another format, a record shorter than the format's first
   * layout, and one that ends inside a field the reader reads.
   */
  <T> T read(String topic, byte[] bytes, Function<ByteBuffer, T> reader) {
    try {
      return reader.apply(fields(topic, bytes));
    } catch (BufferUnderflowException e) {
      throw new SerializationException(
          "The "
              + name
              + " record in "
              + topic
              + " ends inside a field: "
              + bytes.length
              + " bytes, not a length any layout of format "
              + format
              + " has");
    }
  }

  private ByteBuffer fields(String topic, byte[] bytes) {
    if (bytes.length == 0 || bytes[0] != format) {
      throw new SerializationException(
          "Unknown "
              + name
              + " format in "
              + topic
              + ": "
              + bytes.length
              + " bytes, format "
              + (bytes.length > 0 ? bytes[0] : -1));
    }
    if (bytes.length < oldestSize) {
      throw new SerializationException(
          "The "
              + name
              + " format "
              + format
              + " in "
              + topic
              + " needs at least "
              + oldestSize
              + " bytes, got "
              + bytes.length);
    }
    return ByteBuffer.wrap(bytes, 1, Math.min(bytes.length, size) - 1);
  }
}
