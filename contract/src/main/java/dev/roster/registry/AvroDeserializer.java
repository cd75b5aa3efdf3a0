package dev.roster.registry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-framed Avro records: the writer schema comes from the registry by the id in the
 * header, and is resolved against the reader's schema (the generated class, for specific reading),
 * so records written with older or newer compatible schemas decode. A null payload is a tombstone
 * and stays null. A payload without the magic byte, with an id the registry does not know, whose
 * body breaks the decoding bounds ({@link AvroBodyBounds}: checked before Avro allocates anything)
 * or does not decode is refused with a {@link SerializationException} that says which.
 */
public final class AvroDeserializer<T> extends RegistryBound implements Deserializer<T> {

  /** How the bodies of one writer schema are checked and read. */
  private record Decoding(AvroBodyBounds bounds, DatumReader<Object> reader) {}

  private final Map<Integer, Decoding> decodings = new ConcurrentHashMap<>();

  /** For Kafka to instantiate; {@link #configure} supplies the registry. */
  public AvroDeserializer() {}

  public AvroDeserializer(SchemaRegistryClient client, AvroSerdeConfig config, boolean isKey) {
    super(client, config, isKey);
  }

  /** Reads into the generated class {@code type}, whatever compatible schema wrote the record. */
  public static <T extends org.apache.avro.specific.SpecificRecord> AvroDeserializer<T> specific(
      SchemaRegistryClient client, Class<T> type, boolean isKey) {
    Map<String, Object> typeConfig =
        Map.of(
            AvroSerdeConfig.SPECIFIC_AVRO_READER,
            true,
            isKey
                ? AvroSerdeConfig.SPECIFIC_AVRO_KEY_TYPE
                : AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE,
            type);
    return new AvroDeserializer<>(client, AvroSerdeConfig.from(typeConfig), isKey);
  }

  @Override
  @SuppressWarnings("unchecked")
  public T deserialize(String topic, byte[] payload) {
    if (payload == null) {
      return null;
    }
    requireConfigured("AvroDeserializer");
    ByteBuffer buffer = ByteBuffer.wrap(payload);
    int id = WireFormat.readSchemaId(buffer, topic);
    Decoding decoding = decoding(topic, id);
    try {
      decoding.bounds().check(payload, buffer.position(), buffer.remaining());
      BinaryDecoder decoder =
          DecoderFactory.get().binaryDecoder(payload, buffer.position(), buffer.remaining(), null);
      return (T) decoding.reader().read(null, decoder);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "Could not decode the "
              + part()
              + " of a record on topic '"
              + topic
              + "' with schema id "
              + id
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private Decoding decoding(String topic, int id) {
    Decoding cached = decodings.get(id);
    if (cached != null) {
      return cached;
    }
    Schema writer;
    try {
      writer = client.schemaById(id);
    } catch (SchemaRegistryException e) {
      throw new SerializationException(
          "Could not get schema id "
              + id
              + " for the "
              + part()
              + " of a record on topic '"
              + topic
              + "': "
              + e.getMessage(),
          e);
    }
    DatumReader<Object> reader =
        config.specificReader()
            ? specificReader(writer)
            : new GenericDatumReader<>(writer, writer, GenericData.get());
    Decoding decoding = new Decoding(new AvroBodyBounds(writer), reader);
    decodings.putIfAbsent(id, decoding);
    return decoding;
  }

  private DatumReader<Object> specificReader(Schema writer) {
    Class<?> type = config.specificType(isKey).orElseGet(() -> SpecificData.get().getClass(writer));
    if (type == null) {
      throw new SerializationException(
          "No generated class for "
              + writer.getFullName()
              + " on the classpath; set "
              + (isKey
                  ? AvroSerdeConfig.SPECIFIC_AVRO_KEY_TYPE
                  : AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE)
              + " or read generic records");
    }
    @SuppressWarnings("unchecked")
    DatumReader<Object> reader = new SpecificRecordReader<>(writer, (Class<Object>) type);
    return reader;
  }

  private String part() {
    return isKey ? "key" : "value";
  }
}
