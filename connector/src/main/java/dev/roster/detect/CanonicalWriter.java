package dev.roster.detect;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.apache.avro.generic.IndexedRecord;

/**
 * Writes values as tagged, length-prefixed bytes, so that every written value is prefix-free: a
 * sequence of values has exactly one reading ({@code "a","bc"} differs from {@code "ab","c"}; null,
 * {@code ""} and {@code "null"} all differ). Two values write the same bytes exactly when Avro
 * would carry them alike: strings are UTF-8 as Avro writes them (a lone surrogate becomes {@code ?}
 * in both), instants are epoch milliseconds as {@code timestamp-millis} stores them.
 */
final class CanonicalWriter {

  private static final byte NULL = 0;
  private static final byte STRING = 1;
  private static final byte BOOLEAN = 2;
  private static final byte LONG = 3;
  private static final byte INSTANT = 4;
  private static final byte ENUM = 5;
  private static final byte RECORD = 6;
  private static final byte LIST = 7;
  private static final byte SET = 8;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

  CanonicalWriter string(String value) {
    if (value == null) {
      out.write(NULL);
      return this;
    }
    out.write(STRING);
    lengthPrefixed(value.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  CanonicalWriter longValue(long value) {
    out.write(LONG);
    int64(value);
    return this;
  }

  /** Appends bytes another writer produced; they are prefix-free already. */
  CanonicalWriter raw(CanonicalValue value) {
    out.writeBytes(value.bytes());
    return this;
  }

  /** Any value a generated User holds: null, strings, booleans, instants, enums, records, lists. */
  CanonicalWriter value(Object value) {
    if (value == null) {
      out.write(NULL);
    } else if (value instanceof CharSequence text) {
      string(text.toString());
    } else if (value instanceof Boolean flag) {
      out.write(BOOLEAN);
      out.write(flag ? 1 : 0);
    } else if (value instanceof Instant instant) {
      out.write(INSTANT);
      int64(instant.toEpochMilli());
    } else if (value instanceof Enum<?> symbol) {
      out.write(ENUM);
      lengthPrefixed(symbol.name().getBytes(StandardCharsets.UTF_8));
    } else if (value instanceof IndexedRecord record) {
      record(record);
    } else if (value instanceof List<?> list) {
      out.write(LIST);
      int32(list.size());
      list.forEach(this::value);
    } else {
      // A type a later schema introduced: fail loudly rather than compare it wrongly.
      throw new IllegalArgumentException("no canonical form for a " + value.getClass().getName());
    }
    return this;
  }

  /**
   * A collection whose order and repetitions carry no meaning: the distinct canonical forms of its
   * elements, sorted.
   */
  CanonicalWriter set(Collection<?> elements) {
    List<byte[]> forms = new ArrayList<>(elements.size());
    for (Object element : elements) {
      forms.add(new CanonicalWriter().value(element).toValue().bytes());
    }
    forms.sort(Arrays::compareUnsigned);
    List<byte[]> distinct = new ArrayList<>(forms.size());
    for (byte[] form : forms) {
      if (distinct.isEmpty() || !Arrays.equals(distinct.get(distinct.size() - 1), form)) {
        distinct.add(form);
      }
    }
    out.write(SET);
    int32(distinct.size());
    distinct.forEach(out::writeBytes);
    return this;
  }

  CanonicalValue toValue() {
    return new CanonicalValue(out.toByteArray());
  }

  private void record(IndexedRecord record) {
    int fields = record.getSchema().getFields().size();
    out.write(RECORD);
    int32(fields);
    for (int i = 0; i < fields; i++) {
      value(record.get(i));
    }
  }

  private void lengthPrefixed(byte[] bytes) {
    int32(bytes.length);
    out.writeBytes(bytes);
  }

  private void int32(int value) {
    for (int shift = 24; shift >= 0; shift -= 8) {
      out.write(value >>> shift);
    }
  }

  private void int64(long value) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.write((int) (value >>> shift));
    }
  }
}
