package dev.roster.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.avro.ContractFixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Hostile bytes for every record type Roster reads (docs/architecture.md#bounded-decoding): random
 * bodies behind a valid header, valid encodings with bytes flipped, cut, or a varint inflated to a
 * 1 GB length or a 400-million count, and bombs built to declare exactly that. Whatever the bytes,
 * the serde (specific, as Roster reads, and generic, as {@code roster tail} does) returns a record
 * or refuses with a {@link SerializationException}: never an Error, never another exception. Bombs
 * are refused by the bounds, before Avro allocates what they declare.
 */
class AvroDecodingProperties {

  /** One generated class as Roster reads it: a valid encoding and its readers. */
  private record Sample(
      String topic,
      Schema schema,
      int schemaId,
      byte[] encoded,
      Deserializer<?> specific,
      Deserializer<GenericRecord> generic) {

    /** Reads {@code payload} both ways; a refusal must be a data error naming the topic. */
    void readOrRefuse(byte[] payload) {
      for (Deserializer<?> reader : List.of(specific, generic)) {
        try {
          reader.deserialize(topic, payload);
        } catch (SerializationException refused) {
          assertThat(refused.getMessage()).contains(topic);
        }
      }
    }
  }

  private static ScriptedHttpRegistry registry;
  private static List<Sample> samples;

  @BeforeContainer
  static void encodeEverySample() throws IOException {
    registry = new ScriptedHttpRegistry();
    SchemaRegistryClient client = new SchemaRegistryClient(RegistryClientConfig.of(registry.url()));
    List<SpecificRecord> records = ContractFixtures.everyRecord();
    samples = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      samples.add(sample(client, records.get(i), i));
    }
  }

  @AfterContainer
  static void stopRegistry() {
    registry.close();
  }

  private static <T extends SpecificRecord> Sample sample(
      SchemaRegistryClient client, T record, int index) {
    String topic = "t" + index + "-" + record.getSchema().getName();
    int id = 100 + index;
    registry.answer("POST /subjects/" + topic + "-value/versions", 200, "{\"id\":" + id + "}");
    @SuppressWarnings("unchecked")
    Class<T> type = (Class<T>) record.getClass();
    byte[] encoded =
        new AvroSerializer<T>(client, AvroSerdeConfig.DEFAULTS, false).serialize(topic, record);
    return new Sample(
        topic,
        record.getSchema(),
        id,
        encoded,
        AvroDeserializer.specific(client, type, false),
        new AvroDeserializer<>(client, AvroSerdeConfig.DEFAULTS, false));
  }

  @Example
  void everySampleReadsBack() {
    for (Sample sample : samples) {
      assertThat(sample.specific().deserialize(sample.topic(), sample.encoded()))
          .as(sample.topic())
          .isNotNull();
    }
  }

  @Example
  void everyBombIsRefusedByTheBoundsBeforeAvroAllocatesIt() {
    int bombs = 0;
    for (Sample sample : samples) {
      for (AvroBombs.Kind kind : AvroBombs.Kind.values()) {
        byte[] bomb = AvroBombs.framed(sample.schemaId(), sample.schema(), kind).orElse(null);
        if (bomb == null) {
          continue;
        }
        bombs++;
        assertThat(bomb.length).as("a bomb is a few bytes").isLessThan(64);
        String declared =
            String.valueOf(
                kind == AvroBombs.Kind.LONG_STRING ? AvroBombs.STRING_BYTES : AvroBombs.ITEMS);
        for (Deserializer<?> reader : List.of(sample.specific(), sample.generic())) {
          assertThatThrownBy(() -> reader.deserialize(sample.topic(), bomb))
              .as("%s, %s", sample.topic(), kind)
              .isInstanceOf(SerializationException.class)
              .hasMessageContaining(sample.topic())
              .hasMessageContaining(declared)
              .hasCauseInstanceOf(AvroBoundsException.class);
        }
      }
    }
    assertThat(bombs)
        .as("every sample has strings, most have arrays")
        .isGreaterThan(samples.size());
  }

  @Property(tries = 400)
  void randomBodiesBehindAValidHeaderAreReadOrRefused(
      @ForAll("sampleIndex") int index, @ForAll("body") byte[] body) {
    Sample sample = samples.get(index);
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    payload.writeBytes(WireFormat.header(sample.schemaId()));
    payload.writeBytes(body);
    sample.readOrRefuse(payload.toByteArray());
  }

  @Property(tries = 200)
  void randomPayloadsAreReadOrRefused(
      @ForAll("sampleIndex") int index, @ForAll("body") byte[] payload) {
    samples.get(index).readOrRefuse(payload);
  }

  @Property(tries = 600)
  void mutatedEncodingsAreReadOrRefused(
      @ForAll("sampleIndex") int index, @ForAll("mutations") List<ByteMutation<Change>> mutations) {
    Sample sample = samples.get(index);
    byte[] payload = sample.encoded();
    for (ByteMutation<Change> mutation : mutations) {
      payload = mutation.kind().apply(payload, mutation);
    }
    sample.readOrRefuse(payload);
  }

  /** What a mutation does to an encoding, at a fraction of its length past the header. */
  private enum Change {
    FLIP,
    INFLATE_LENGTH,
    INFLATE_COUNT,
    INFLATE_NEGATIVE_COUNT,
    CUT;

    byte[] apply(byte[] payload, ByteMutation<Change> mutation) {
      int body = payload.length - WireFormat.HEADER_SIZE;
      if (body <= 0) {
        return payload;
      }
      int position = WireFormat.HEADER_SIZE + mutation.position(body);
      return switch (this) {
        case FLIP -> {
          byte[] flipped = payload.clone();
          flipped[position] ^= (byte) (mutation.value() == 0 ? 0xff : mutation.value());
          yield flipped;
        }
        case INFLATE_LENGTH -> replaceVarint(payload, position, AvroBombs.STRING_BYTES);
        case INFLATE_COUNT -> replaceVarint(payload, position, AvroBombs.ITEMS);
        case INFLATE_NEGATIVE_COUNT -> replaceVarint(payload, position, -AvroBombs.ITEMS);
        case CUT -> Arrays.copyOf(payload, position);
      };
    }

    /**
     * The varint that starts at {@code position} (however long it is) replaced by {@code value}.
     */
    private static byte[] replaceVarint(byte[] payload, int position, long value) {
      int end = position;
      while (end < payload.length && (payload[end] & 0x80) != 0) {
        end++;
      }
      end = Math.min(end + 1, payload.length);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(payload, 0, position);
      out.writeBytes(AvroBombs.varint(value));
      out.write(payload, end, payload.length - end);
      return out.toByteArray();
    }
  }

  @Provide
  Arbitrary<Integer> sampleIndex() {
    return Arbitraries.integers().between(0, samples.size() - 1);
  }

  @Provide
  Arbitrary<byte[]> body() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
  }

  @Provide
  Arbitrary<List<ByteMutation<Change>>> mutations() {
    return ByteMutation.lists(Change.class);
  }
}
