package dev.roster.registry;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * Avro bombs: a few bytes, valid for their schema up to one value that declares far more than the
 * record holds — a 1 GB string, or a 400-million-item array or map. Whatever precedes that value is
 * the smallest valid encoding (null union branches, empty strings, zeros), so a reader that trusts
 * the declared size allocates it.
 */
public final class AvroBombs {

  /** What the bomb declares. */
  public enum Kind {
    /** A string or bytes value of {@link #STRING_BYTES}. */
    LONG_STRING,
    /** An array or map of {@link #ITEMS}. */
    MANY_ITEMS
  }

  public static final long STRING_BYTES = 1L << 30;
  public static final long ITEMS = 400_000_000L;

  private AvroBombs() {}

  /**
   * A framed record of schema id {@code schemaId} whose body, read with {@code schema}, declares
   * {@code kind}; empty when the schema has no such value anywhere.
   */
  public static Optional<byte[]> framed(int schemaId, Schema schema, Kind kind) {
    return body(schema, kind)
        .map(
            body -> {
              ByteArrayOutputStream out = new ByteArrayOutputStream();
              out.writeBytes(WireFormat.header(schemaId));
              out.writeBytes(body);
              return out.toByteArray();
            });
  }

  /** The unframed body of {@link #framed}. */
  public static Optional<byte[]> body(Schema schema, Kind kind) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!bomb(schema, kind, out)) {
      return Optional.empty();
    }
    return Optional.of(out.toByteArray());
  }

  /** Avro's zig-zag varint of {@code value}. */
  public static byte[] varint(long value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeVarint(value, out);
    return out.toByteArray();
  }

  private static boolean bomb(Schema schema, Kind kind, ByteArrayOutputStream out) {
    switch (schema.getType()) {
      case STRING, BYTES -> {
        if (kind == Kind.LONG_STRING) {
          writeVarint(STRING_BYTES, out);
          out.writeBytes("bomb".getBytes(StandardCharsets.UTF_8));
          return true;
        }
        return false;
      }
      case ARRAY, MAP -> {
        if (kind == Kind.MANY_ITEMS) {
          writeVarint(ITEMS, out);
          return true;
        }
        // One item whose contents hold the bomb (for a map, its key is a string already).
        ByteArrayOutputStream item = new ByteArrayOutputStream();
        if (schema.getType() == Schema.Type.MAP) {
          writeVarint(STRING_BYTES, item);
        } else if (!bomb(schema.getElementType(), kind, item)) {
          return false;
        }
        writeVarint(1, out);
        out.writeBytes(item.toByteArray());
        return true;
      }
      case UNION -> {
        List<Schema> branches = schema.getTypes();
        for (int i = 0; i < branches.size(); i++) {
          ByteArrayOutputStream branch = new ByteArrayOutputStream();
          if (bomb(branches.get(i), kind, branch)) {
            writeVarint(i, out);
            out.writeBytes(branch.toByteArray());
            return true;
          }
        }
        return false;
      }
      case RECORD -> {
        ByteArrayOutputStream before = new ByteArrayOutputStream();
        for (Schema.Field field : schema.getFields()) {
          ByteArrayOutputStream inField = new ByteArrayOutputStream();
          if (bomb(field.schema(), kind, inField)) {
            out.writeBytes(before.toByteArray());
            out.writeBytes(inField.toByteArray());
            return true;
          }
          smallest(field.schema(), before);
        }
        return false;
      }
      default -> {
        return false;
      }
    }
  }

  /** The smallest valid encoding of a value of {@code schema}. */
  private static void smallest(Schema schema, ByteArrayOutputStream out) {
    switch (schema.getType()) {
      case NULL -> {}
      case FLOAT -> out.writeBytes(new byte[4]);
      case DOUBLE -> out.writeBytes(new byte[8]);
      case FIXED -> out.writeBytes(new byte[schema.getFixedSize()]);
      case UNION -> {
        List<Schema> branches = schema.getTypes();
        int branch = 0;
        for (int i = 0; i < branches.size(); i++) {
          if (branches.get(i).getType() == Schema.Type.NULL) {
            branch = i;
          }
        }
        writeVarint(branch, out);
        smallest(branches.get(branch), out);
      }
      case RECORD -> schema.getFields().forEach(field -> smallest(field.schema(), out));
      // boolean false, int and long 0, enum symbol 0, empty string, bytes, array and map
      default -> writeVarint(0, out);
    }
  }

  private static void writeVarint(long value, ByteArrayOutputStream out) {
    long zigzag = (value << 1) ^ (value >> 63);
    while ((zigzag & ~0x7FL) != 0) {
      out.write((int) ((zigzag & 0x7F) | 0x80));
      zigzag >>>= 7;
    }
    out.write((int) zigzag);
  }
}
