package dev.roster.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class WireFormatTest {

  @Test
  void headerIsMagicZeroThenBigEndianId() {
    assertThat(WireFormat.header(0x01020304)).containsExactly(0x00, 0x01, 0x02, 0x03, 0x04);
    assertThat(WireFormat.header(1)).containsExactly(0x00, 0x00, 0x00, 0x00, 0x01);
    assertThat(WireFormat.header(Integer.MAX_VALUE)).containsExactly(0x00, 0x7f, 0xff, 0xff, 0xff);
  }

  @Test
  void readsTheIdAndLeavesTheBufferAtTheBody() {
    ByteBuffer payload = ByteBuffer.wrap(new byte[] {0, 0, 0, 1, 2, 42, 43});
    assertThat(WireFormat.readSchemaId(payload, "t")).isEqualTo(258);
    assertThat(payload.position()).isEqualTo(WireFormat.HEADER_SIZE);
    assertThat(payload.get()).isEqualTo((byte) 42);
  }

  @Test
  void refusesAnotherMagicByteNamingIt() {
    ByteBuffer json = ByteBuffer.wrap("{\"id\":1}".getBytes());
    assertThatThrownBy(() -> WireFormat.readSchemaId(json, "roster.users"))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("roster.users")
        .hasMessageContaining("0x7b")
        .hasMessageContaining("not the schema registry magic byte");
  }

  @Test
  void refusesPayloadsShorterThanTheHeader() {
    assertThatThrownBy(() -> WireFormat.readSchemaId(ByteBuffer.wrap(new byte[] {0, 0, 1}), "t"))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("3 bytes long");
  }
}
