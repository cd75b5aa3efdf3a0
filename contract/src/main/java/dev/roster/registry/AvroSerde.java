package dev.roster.registry;

import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** {@link AvroSerializer} and {@link AvroDeserializer} as one Kafka Streams serde. */
public final class AvroSerde<T> implements Serde<T> {

  /** What a serde of one generated class writes, and under which subject of a topic. */
  private record Writes(Schema schema, SubjectNameStrategy strategy, boolean isKey) {}

  private final AvroSerializer<T> serializer;
  private final AvroDeserializer<T> deserializer;
  private final Optional<Writes> writes;

  /**
   * For Kafka to instantiate (e.g. {@code default.value.serde}); {@link #configure} supplies the
   * registry.
   */
  public AvroSerde() {
    this(new AvroSerializer<>(), new AvroDeserializer<>(), Optional.empty());
  }

  private AvroSerde(
      AvroSerializer<T> serializer, AvroDeserializer<T> deserializer, Optional<Writes> writes) {
    this.serializer = serializer;
    this.deserializer = deserializer;
    this.writes = writes;
  }

  /** A serde of one generated class, sharing {@code client} (and its caches) with other serdes. */
  public static <T extends SpecificRecord> AvroSerde<T> specific(
      SchemaRegistryClient client, AvroSerdeConfig config, Class<T> type, boolean isKey) {
    Schema schema = SpecificData.get().getSchema(type);
    return new AvroSerde<>(
        new AvroSerializer<>(client, config, isKey),
        AvroDeserializer.specific(client, type, isKey),
        Optional.of(new Writes(schema, config.subjectStrategy(isKey), isKey)));
  }

  /**
   * The schema a serde of a generated class writes; empty for a serde configured from properties.
   */
  public Optional<Schema> schema() {
    return writes.map(Writes::schema);
  }

  /** The subject this serde registers its schema under when writing {@code topic}. */
  public Optional<String> subject(String topic) {
    return writes.map(w -> w.strategy().subject(topic, w.isKey(), w.schema()));
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    // One client for both directions: an id registered while writing is known when reading.
    SchemaRegistryClient client =
        new SchemaRegistryClient(AvroSerdeConfig.registryClientConfig(configs));
    AvroSerdeConfig settings = AvroSerdeConfig.from(configs);
    serializer.configure(client, settings, isKey);
    deserializer.configure(client, settings, isKey);
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }
}
