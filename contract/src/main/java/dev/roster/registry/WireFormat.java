package dev.roster.registry;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent Schema Registry framing every Roster record carries: magic byte {@code 0x00}, the
 * schema id as 4 big-endian bytes, then the Avro binary body. Any Confluent, Apicurio or kafkajs
 * consumer reads this framing; a null payload is a tombstone and is never framed.
 */
public final class WireFormat {

  public static final byte MAGIC_BYTE = 0x0;
  public static final int HEADER_SIZE = 5;

  private WireFormat() {}

  /** Writes the five-byte header into {@code buffer} at its position. */
  public static void writeHeader(ByteBuffer buffer, int schemaId) {
    buffer.put(MAGIC_BYTE).putInt(schemaId);
  }

  public static byte[] header(int schemaId) {
    ByteBuffer buffer = ByteBuffer.allocate(HEADER_SIZE);
    writeHeader(buffer, schemaId);
    return buffer.array();
  }

  /**
   * Reads the header of a framed payload and returns the schema id, leaving the buffer at the start
   * of the Avro body. A payload that is too short or starts with another byte is refused with a
   * message that says what was found, so a record written by another serializer (JSON, Protobuf
   * without registry, plain strings) is never decoded as garbage.
   */
  public static int readSchemaId(ByteBuffer payload, String topic) {
    if (payload.remaining() < HEADER_SIZE) {
      throw new SerializationException(
          "Record on topic '"
              + topic
              + "' is "
              + payload.remaining()
              + " bytes long, shorter than the 5-byte schema registry header: not Confluent-framed Avro");
    }
    byte magic = payload.get();
    if (magic != MAGIC_BYTE) {
      throw new SerializationException(
          String.format(
              "Record on topic '%s' starts with byte 0x%02x, not the schema registry magic byte 0x00: "
                  + "it was not written by a schema-registry Avro serializer",
              topic, magic));
    }
    return payload.getInt();
  }
}
