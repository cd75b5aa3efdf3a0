package dev.roster.registry;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** {@link AvroSerializer} and {@link AvroDeserializer} as one Kafka Streams serde. */
public final class AvroSerde<T> implements Serde<T> {

  private final AvroSerializer<T> serializer;
  private final AvroDeserializer<T> deserializer;

  /** For Kafka to instantiate (e.g. {@code default.value.serde}); {@link #configure} supplies the registry. */
  public AvroSerde() {
    this(new AvroSerializer<>(), new AvroDeserializer<>());
  }

  private AvroSerde(AvroSerializer<T> serializer, AvroDeserializer<T> deserializer) {
    this.serializer = serializer;
    this.deserializer = deserializer;
  }

  /** A serde of one generated class, sharing {@code client} (and its caches) with other serdes. */
  public static <T extends SpecificRecord> AvroSerde<T> specific(
      SchemaRegistryClient client, AvroSerdeConfig config, Class<T> type, boolean isKey) {
    return new AvroSerde<>(
        new AvroSerializer<>(client, config, isKey), AvroDeserializer.specific(client, type, isKey));
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    // One client for both directions: an id registered while writing is known when reading.
    SchemaRegistryClient client = new SchemaRegistryClient(AvroSerdeConfig.registryClientConfig(configs));
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
