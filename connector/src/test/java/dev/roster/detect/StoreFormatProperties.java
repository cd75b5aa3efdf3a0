package dev.roster.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.registry.ByteMutation;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Hostile bytes for every hand-written store format the detector and the identity stage keep
 * (docs/architecture.md#bounded-decoding): random bytes, and valid records with bytes flipped, cut,
 * or a length or count field inflated to 1 GB or 400 million. Whatever the bytes, the format reads
 * a value or refuses with a {@link SerializationException}: never an Error, never another
 * exception. (The stores of Avro values go through the registry serde: {@code
 * AvroDecodingProperties} in the contract.)
 */
class StoreFormatProperties {

  /** One store format and a valid record of it. */
  private record Format(String store, Serde<?> serde, byte[] valid) {

    void readOrRefuse(byte[] bytes) {
      try {
        serde.deserializer().deserialize(store + "-changelog", bytes);
      } catch (SerializationException refused) {
        assertThat(refused.getMessage()).isNotBlank();
      }
    }
  }

  private static final List<Format> FORMATS = formats();

  private static List<Format> formats() {
    AccountState account =
        new AccountState(true, 42, 1_000, 1, 42, Map.of("USER_CREATED", 3L, "USER_REMOVED", 1L));
    SeenState seen = new SeenState(42, 2, new Fingerprints(1, 2, 3));
    ObservationTally tally = new ObservationTally(42, 7, 5);
    return List.of(
        new Format(
            DetectorTopology.ACCOUNTS_STORE,
            AccountState.serde(),
            AccountState.serde().serializer().serialize("t", account)),
        new Format(
            DetectorTopology.SEEN_STORE,
            SeenState.serde(),
            SeenState.serde().serializer().serialize("t", seen)),
        new Format(
            DetectorTopology.TALLIES_STORE,
            ObservationTally.serde(),
            ObservationTally.serde().serializer().serialize("t", tally)),
        // resend, identity-unkeyed, identity-alerts-due
        new Format("long-valued", Serdes.Long(), Serdes.Long().serializer().serialize("t", 42L)),
        // every store's key
        new Format("keys", Serdes.String(), Serdes.String().serializer().serialize("t", "a\0u")));
  }

  @Example
  void everyValidRecordReadsBack() {
    for (Format format : FORMATS) {
      assertThat(format.serde().deserializer().deserialize("t", format.valid()))
          .as(format.store())
          .isNotNull();
    }
  }

  @Example
  void anAccountStateDeclaringMoreCountsOrALongerNameThanItHoldsIsRefused() {
    byte[] valid = FORMATS.get(0).valid();
    int countsAt = 1 + 1 + 8 + 8 + 4 + 8;
    byte[] manyCounts = valid.clone();
    ByteBuffer.wrap(manyCounts).putInt(countsAt, 400_000_000);
    byte[] longName = valid.clone();
    ByteBuffer.wrap(longName).putShort(countsAt + 4, (short) 0xffff);
    for (byte[] bomb : List.of(manyCounts, longName)) {
      assertThatThrownBy(() -> AccountState.serde().deserializer().deserialize("t", bomb))
          .isInstanceOf(SerializationException.class)
          .hasMessageContaining("bytes");
    }
  }

  @Property(tries = 300)
  void randomBytesAreReadOrRefused(@ForAll("format") Format format, @ForAll("bytes") byte[] bytes) {
    format.readOrRefuse(bytes);
  }

  @Property(tries = 600)
  void mutatedRecordsAreReadOrRefused(
      @ForAll("format") Format format, @ForAll("mutations") List<ByteMutation<Change>> mutations) {
    byte[] bytes = format.valid();
    for (ByteMutation<Change> mutation : mutations) {
      bytes = mutation.kind().apply(bytes, mutation);
    }
    format.readOrRefuse(bytes);
  }

  /** What a mutation does to a record, at a fraction of its length. */
  private enum Change {
    FLIP,
    INFLATE_INT,
    INFLATE_SHORT,
    CUT,
    APPEND;

    byte[] apply(byte[] bytes, ByteMutation<Change> mutation) {
      if (bytes.length == 0) {
        return bytes;
      }
      int position = mutation.position(bytes.length);
      int value = mutation.value();
      byte[] changed = bytes.clone();
      return switch (this) {
        case FLIP -> {
          changed[position] ^= (byte) (value == 0 ? 0xff : value);
          yield changed;
        }
        case INFLATE_INT -> {
          if (position + 4 <= changed.length) {
            ByteBuffer.wrap(changed)
                .putInt(position, value % 2 == 0 ? 400_000_000 : Integer.MAX_VALUE);
          }
          yield changed;
        }
        case INFLATE_SHORT -> {
          if (position + 2 <= changed.length) {
            ByteBuffer.wrap(changed).putShort(position, (short) 0xffff);
          }
          yield changed;
        }
        case CUT -> Arrays.copyOf(bytes, position);
        case APPEND -> Arrays.copyOf(bytes, bytes.length + value);
      };
    }
  }

  @Provide
  Arbitrary<Format> format() {
    return Arbitraries.of(FORMATS);
  }

  @Provide
  Arbitrary<byte[]> bytes() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(96);
  }

  @Provide
  Arbitrary<List<ByteMutation<Change>>> mutations() {
    return ByteMutation.lists(Change.class);
  }
}
