package dev.roster.registry;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * The bounds where Roster's own schemas do not reach them: items that take no bytes, schemas that
 * nest without end, negative block counts.
 */
class AvroBodyBoundsTest {

  private static final Schema NULLS =
      new Schema.Parser().parse("{\"type\":\"array\",\"items\":\"null\"}");
  private static final Schema LINKED_LIST =
      new Schema.Parser()
          .parse(
              "{\"type\":\"record\",\"name\":\"Node\",\"fields\":"
                  + "[{\"name\":\"next\",\"type\":[\"null\",\"Node\"]}]}");
  private static final Schema STRINGS =
      new Schema.Parser().parse("{\"type\":\"array\",\"items\":\"string\"}");

  @Test
  void itemsThatTakeNoBytesAreCappedPerBody() {
    assertThatCode(() -> check(NULLS, bytes(AvroBodyBounds.MAX_ZERO_WIDTH_ITEMS, 0)))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> check(NULLS, bytes(AvroBombs.ITEMS, 0)))
        .isInstanceOf(AvroBoundsException.class)
        .hasMessageContaining("items that take no bytes");
    assertThatThrownBy(() -> check(NULLS, bytes(AvroBodyBounds.MAX_ZERO_WIDTH_ITEMS, 1, 0)))
        .isInstanceOf(AvroBoundsException.class)
        .hasMessageContaining("more than " + AvroBodyBounds.MAX_ZERO_WIDTH_ITEMS);
  }

  @Test
  void aSchemaThatNestsWithoutEndIsCutAtTheDepthCap() {
    ByteArrayOutputStream deep = new ByteArrayOutputStream();
    for (int i = 0; i < 10_000; i++) {
      deep.writeBytes(AvroBombs.varint(1));
    }
    deep.writeBytes(AvroBombs.varint(0));
    assertThatThrownBy(() -> check(LINKED_LIST, deep.toByteArray()))
        .isInstanceOf(AvroBoundsException.class)
        .hasMessageContaining("nests deeper than " + AvroBodyBounds.MAX_DEPTH);
    assertThatCode(() -> check(LINKED_LIST, bytes(1, 1, 1, 0))).doesNotThrowAnyException();
  }

  @Test
  void aNegativeBlockCountIsCheckedWithItsByteSize() {
    assertThatCode(() -> check(STRINGS, bytes(-2, 2, 0, 0, 0))).doesNotThrowAnyException();
    assertThatThrownBy(() -> check(STRINGS, bytes(-AvroBombs.ITEMS, 2, 0, 0, 0)))
        .isInstanceOf(AvroBoundsException.class)
        .hasMessageContaining("400000000 items");
    assertThatThrownBy(() -> check(STRINGS, bytes(-2, AvroBombs.STRING_BYTES, 0, 0, 0)))
        .isInstanceOf(AvroBoundsException.class)
        .hasMessageContaining("block of 1073741824 bytes");
    assertThatThrownBy(() -> check(STRINGS, bytes(Long.MIN_VALUE)))
        .isInstanceOf(AvroBoundsException.class);
  }

  @Test
  void bytesLeftOverAreRefused() {
    assertThatThrownBy(() -> check(STRINGS, bytes(0, 0)))
        .isInstanceOf(AvroBoundsException.class)
        .hasMessageContaining("1 bytes left over");
  }

  private static void check(Schema schema, byte[] body) {
    new AvroBodyBounds(schema).check(body, 0, body.length);
  }

  /** Each value as an Avro varint. */
  private static byte[] bytes(long... varints) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (long value : varints) {
      out.writeBytes(AvroBombs.varint(value));
    }
    return out.toByteArray();
  }
}
