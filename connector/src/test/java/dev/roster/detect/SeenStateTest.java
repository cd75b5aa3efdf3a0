package dev.roster.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * The golden record here is written out by hand from the format's layout, never by the code under
 * test.
 */
class SeenStateTest {

  /**
   * Format 1: last seen in poll 7, missed 2 complete polls, fingerprints 0x0102030405060708, -1 and
   * 42.
   */
  private static final String CURRENT =
      "01 0000000000000007 00000002 0102030405060708 ffffffffffffffff 000000000000002a";

  private static final SeenState CURRENT_STATE =
      new SeenState(7, 2, new Fingerprints(0x0102030405060708L, -1, 42));

  @Test
  void survivesItsSerde() {
    assertThat(read(write(CURRENT_STATE))).isEqualTo(CURRENT_STATE);
  }

  @Test
  void writesTheCurrentFormat() {
    assertThat(HexFormat.of().formatHex(write(CURRENT_STATE))).isEqualTo(CURRENT.replace(" ", ""));
  }

  @Test
  void readsARecordOfTheCurrentFormat() {
    assertThat(read(bytes(CURRENT))).isEqualTo(CURRENT_STATE);
  }

  @Test
  void skipsAFieldALaterRosterAppended() {
    assertThat(read(bytes(CURRENT + " 000000000000002a"))).isEqualTo(CURRENT_STATE);
  }

  @Test
  void refusesAFormatItDoesNotKnowAndATruncatedRecord() {
    assertThatThrownBy(() -> read(bytes("02" + CURRENT.substring(2))))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("format 2");
    assertThatThrownBy(() -> read(new byte[0]))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("0 bytes");
    assertThatThrownBy(() -> read(bytes(CURRENT.substring(0, CURRENT.length() - 2))))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("needs at least 37 bytes, got 36");
  }

  private static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", ""));
  }

  private static byte[] write(SeenState state) {
    return SeenState.serde().serializer().serialize("t", state);
  }

  private static SeenState read(byte[] bytes) {
    return SeenState.serde().deserializer().deserialize("t", bytes);
  }
}
