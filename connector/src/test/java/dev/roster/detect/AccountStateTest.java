package dev.roster.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.avro.ChangeType;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AccountStateTest {

  @Test
  void survivesItsSerdeWithTheGuardsHeldPolls() {
    AccountState state = AccountState.NEW.completed(7, 70, 2).counted(ChangeType.USER_REMOVED, 7);
    byte[] bytes = AccountState.serde().serializer().serialize("t", state);
    assertThat(AccountState.serde().deserializer().deserialize("t", bytes)).isEqualTo(state);
  }

  /** State written before the guard counted held polls, as a changelog still holds it after an upgrade. */
  @Test
  void readsTheFormerFormatAsHoldingNothing() {
    int types = ChangeType.values().length;
    ByteBuffer former = ByteBuffer.allocate(1 + 1 + 8 + 8 + 8 + types * 8)
        .put((byte) 1).put((byte) 1).putLong(7).putLong(100).putLong(7);
    for (int i = 0; i < types; i++) {
      former.putLong(i);
    }

    AccountState read = AccountState.serde().deserializer().deserialize("t", former.array());

    assertThat(read.baselineDone()).isTrue();
    assertThat(read.lastCompletePoll()).isEqualTo(7);
    assertThat(read.knownUsers()).isEqualTo(100);
    assertThat(read.heldPolls()).isZero();
    assertThat(read.count(ChangeType.USER_REMOVED, 7)).isEqualTo(ChangeType.USER_REMOVED.ordinal());
  }

  @Test
  void refusesBytesOfNoKnownFormat() {
    assertThatThrownBy(() -> AccountState.serde().deserializer().deserialize("t", new byte[] {3, 0, 0}))
        .isInstanceOf(SerializationException.class).hasMessageContaining("3 bytes");
  }
}
