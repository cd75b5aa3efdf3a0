package dev.roster.registry;

import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Walks an Avro binary body over its writer schema before Avro decodes it, allocating nothing, and
 * refuses what would make the decoder allocate more than the body holds. Avro sizes a string or
 * bytes value from its declared length and a collection from its declared count, before reading
 * them; a few bytes declaring a 1 GB string or a 400-million-item array would be an
 * OutOfMemoryError, which no {@code catch (RuntimeException)} stops. Avro's own limits ({@code
 * org.apache.avro.limits.*}) are JVM-wide system properties read once, at about 2^31 by default.
 *
 * <p>The bounds, checked against the bytes actually left (docs/architecture.md#bounded-decoding):
 *
 * <ul>
 *   <li>a string or bytes length, or a block's byte size, is at most the bytes left;
 *   <li>an array or map block's item count is at most the bytes left divided by the fewest bytes
 *       one item can take; items that take no bytes (nulls, empty records) count against {@link
 *       #MAX_ZERO_WIDTH_ITEMS} per body;
 *   <li>union branches and enum symbols exist; nesting is at most {@link #MAX_DEPTH} deep;
 *   <li>the body ends exactly where the schema does.
 * </ul>
 *
 * One instance per writer schema; thread-safe (the fewest widths are computed once, up front).
 */
final class AvroBodyBounds {

  /** Deeper than any Roster schema nests by far; a recursive schema could nest without end. */
  static final int MAX_DEPTH = 64;

  /** Items that take no bytes, per body: a decoder still allocates one entry for each. */
  static final int MAX_ZERO_WIDTH_ITEMS = 100_000;

  private final Schema writer;

  /** The fewest bytes a value of each schema in the writer schema takes. */
  private final Map<Schema, Integer> minWidths = new IdentityHashMap<>();

  AvroBodyBounds(Schema writer) {
    this.writer = writer;
    minWidth(writer);
  }

  /**
   * Refuses {@code length} bytes of {@code body} from {@code offset} unless they fit the bounds.
   */
  void check(byte[] body, int offset, int length) {
    Walk walk = new Walk(body, offset, offset + length);
    walk.value(writer, 0);
    if (walk.position != walk.end) {
      throw new AvroBoundsException(
          (walk.end - walk.position)
              + " bytes left over after the record: the body does not match its schema");
    }
  }

  private int minWidth(Schema schema) {
    Integer known = minWidths.get(schema);
    if (known != null) {
      return known;
    }
    // A record that refers to itself counts 0 for the reference: still a lower bound.
    minWidths.put(schema, 0);
    int width =
        switch (schema.getType()) {
          case NULL -> 0;
          case BOOLEAN, INT, LONG, ENUM, STRING, BYTES, ARRAY, MAP -> 1;
          case FLOAT -> 4;
          case DOUBLE -> 8;
          case FIXED -> schema.getFixedSize();
          case UNION -> 1 + schema.getTypes().stream().mapToInt(this::minWidth).min().orElse(0);
          case RECORD ->
              (int)
                  Math.min(
                      Integer.MAX_VALUE,
                      schema.getFields().stream()
                          .mapToLong(field -> minWidth(field.schema()))
                          .sum());
        };
    // Children of collections and unions need their widths too, whatever this one's is.
    switch (schema.getType()) {
      case ARRAY -> minWidth(schema.getElementType());
      case MAP -> minWidth(schema.getValueType());
      default -> {}
    }
    minWidths.put(schema, width);
    return width;
  }

  /** One pass over one body. */
  private final class Walk {

    private final byte[] body;
    private final int end;
    private int position;
    private int zeroWidthItems;

    Walk(byte[] body, int offset, int end) {
      this.body = body;
      this.position = offset;
      this.end = end;
    }

    void value(Schema schema, int depth) {
      if (depth > MAX_DEPTH) {
        throw refused("nests deeper than " + MAX_DEPTH + " levels");
      }
      switch (schema.getType()) {
        case NULL -> {}
        case BOOLEAN -> skip(1, "a boolean");
        case INT -> zigzag(5);
        case LONG -> zigzag(10);
        case FLOAT -> skip(4, "a float");
        case DOUBLE -> skip(8, "a double");
        case FIXED -> skip(schema.getFixedSize(), schema.getFullName());
        case STRING -> skip(length("a string"), "a string");
        case BYTES -> skip(length("a bytes value"), "a bytes value");
        case ENUM -> index(schema.getEnumSymbols().size(), "an enum symbol");
        case UNION ->
            value(
                schema.getTypes().get(index(schema.getTypes().size(), "a union branch")),
                depth + 1);
        case RECORD -> {
          for (Schema.Field field : schema.getFields()) {
            value(field.schema(), depth + 1);
          }
        }
        case ARRAY -> items(schema.getElementType(), null, depth);
        case MAP -> items(schema.getValueType(), schema, depth);
      }
    }

    /** The blocks of an array (map null) or a map: counts, each then its items, 0 to end. */
    private void items(Schema item, Schema map, int depth) {
      int width = minWidths.get(item) + (map == null ? 0 : 1);
      String what = map == null ? "an array" : "a map";
      while (true) {
        long count = zigzag(10);
        if (count == 0) {
          return;
        }
        if (count < 0) {
          if (count == Long.MIN_VALUE) {
            throw refused("declares " + what + " block of " + count + " items");
          }
          count = -count;
          withinRemaining(zigzag(10), what + " block");
        }
        if (width == 0) {
          zeroWidthItems += (int) Math.min(count, MAX_ZERO_WIDTH_ITEMS + 1L);
          if (zeroWidthItems > MAX_ZERO_WIDTH_ITEMS) {
            throw refused(
                "declares more than "
                    + MAX_ZERO_WIDTH_ITEMS
                    + " items that take no bytes (the last block: "
                    + count
                    + ")");
          }
        } else if (count > remaining() / width) {
          throw refused(
              "declares "
                  + what
                  + " block of "
                  + count
                  + " items of at least "
                  + width
                  + " bytes each, but only "
                  + remaining()
                  + " bytes are left");
        }
        for (long i = 0; i < count; i++) {
          if (map != null) {
            skip(length("a map key"), "a map key");
          }
          value(item, depth + 1);
        }
      }
    }

    private long length(String what) {
      return withinRemaining(zigzag(10), what);
    }

    /** {@code bytes}, the size {@code what} declares, unless more than the bytes left. */
    private long withinRemaining(long bytes, String what) {
      if (bytes < 0 || bytes > remaining()) {
        throw refused(
            "declares "
                + what
                + " of "
                + bytes
                + " bytes, but only "
                + remaining()
                + " bytes are left");
      }
      return bytes;
    }

    private int index(int size, String what) {
      long index = zigzag(5);
      if (index < 0 || index >= size) {
        throw refused("names " + what + " " + index + ", but there are " + size);
      }
      return (int) index;
    }

    private void skip(long bytes, String what) {
      if (bytes > remaining()) {
        throw refused("ends inside " + what);
      }
      position += (int) bytes;
    }

    /**
     * A zig-zag varint of at most {@code maxBytes} bytes, as Avro writes ints and longs. (The walk
     * builds no message until it refuses: it runs before every decode.)
     */
    private long zigzag(int maxBytes) {
      long raw = 0;
      for (int i = 0; i < maxBytes; i++) {
        if (position >= end) {
          throw refused("ends inside a varint");
        }
        int b = body[position++] & 0xff;
        raw |= (long) (b & 0x7f) << (7 * i);
        if ((b & 0x80) == 0) {
          return (raw >>> 1) ^ -(raw & 1);
        }
      }
      throw refused("has a varint longer than " + maxBytes + " bytes");
    }

    private int remaining() {
      return end - position;
    }

    private AvroBoundsException refused(String problem) {
      return new AvroBoundsException("the Avro body " + problem + " (at byte " + position + ")");
    }
  }
}
