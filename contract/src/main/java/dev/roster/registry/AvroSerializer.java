package dev.roster.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes specific or generic Avro records in the Confluent wire format. The subject comes from the
 * configured strategy; the schema id is registered (default) or only looked up, once per schema. A
 * null record stays null, so tombstones survive.
 *
 * <p>Use it from Kafka configuration ({@code value.serializer=dev.roster.registry.AvroSerializer}
 * plus {@code schema.registry.url}) or construct it with a shared client.
 */
public final class AvroSerializer<T> extends RegistryBound implements Serializer<T> {

  private final Map<Schema, DatumWriter<Object>> writers = new ConcurrentHashMap<>();

  /** For Kafka to instantiate; {@link #configure} supplies the registry. */
  public AvroSerializer() {}

  public AvroSerializer(SchemaRegistryClient client, AvroSerdeConfig config, boolean isKey) {
    super(client, config, isKey);
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    requireConfigured("AvroSerializer");
    if (!(data instanceof GenericContainer record)) {
      throw new SerializationException(
          "AvroSerializer writes Avro records (generated SpecificRecord or GenericRecord), not "
              + data.getClass().getName()
              + " (topic '"
              + topic
              + "')");
    }
    Schema schema = record.getSchema();
    String subject = config.subjectStrategy(isKey).subject(topic, isKey, schema);
    int id = schemaId(topic, subject, schema);
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    out.writeBytes(WireFormat.header(id));
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      writer(schema, data).write(data, encoder);
      encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "Could not write a "
              + schema.getFullName()
              + " to topic '"
              + topic
              + "' with schema id "
              + id
              + ": "
              + e.getMessage(),
          e);
    }
    return out.toByteArray();
  }

  private int schemaId(String topic, String subject, Schema schema) {
    try {
      return config.autoRegister()
          ? client.register(subject, schema)
          : client.idOf(subject, schema);
    } catch (SchemaRegistryException e) {
      String action = config.autoRegister() ? "register" : "find (auto-registration is off)";
      throw new SerializationException(
          "Could not "
              + action
              + " the schema "
              + schema.getFullName()
              + " under subject '"
              + subject
              + "' for topic '"
              + topic
              + "': "
              + e.getMessage(),
          e);
    }
  }

  private DatumWriter<Object> writer(Schema schema, Object data) {
    return writers.computeIfAbsent(
        schema,
        key ->
            data instanceof SpecificRecord
                // The generated class's model carries its logical-type conversions (Instant for
                // timestamps).
                ? new SpecificDatumWriter<>(key, SpecificData.getForClass(data.getClass()))
                : new GenericDatumWriter<>(key, GenericData.get()));
  }
}
