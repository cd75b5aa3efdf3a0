package dev.roster.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Proves the Node client talks to this Kafka broker and to the registry, both ways, before Roster
 * relies on it.
 */
@ExtendWith({KafkaBroker.class, ApicurioRegistryExtension.class})
class NodeInteropIT {

  private static final Schema KEY =
      SchemaBuilder.record("ProbeKey")
          .namespace("dev.roster.interop")
          .fields()
          .requiredString("id")
          .endRecord();
  private static final Schema VALUE =
      SchemaBuilder.record("Probe")
          .namespace("dev.roster.interop")
          .fields()
          .requiredString("name")
          .name("seen_at")
          .type()
          .unionOf()
          .nullType()
          .and()
          .type(LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG)))
          .endUnion()
          .nullDefault()
          .endRecord();

  /** Past 2^32, so a long squeezed into an int would show. */
  private static final long SEEN_AT = 1_767_225_600_123L;

  @Test
  void nodeProducesAndConsumesConfluentFramedAvro(
      KafkaBroker.Handle broker, ApicurioRegistry registry) {
    String topic = broker.uniqueTopic("node-interop");
    broker.createTopic(topic, 1, Map.of());
    List<NodeInterop.Record> records =
        List.of(
            new NodeInterop.Record(Map.of("id", "u1"), value("Ada", SEEN_AT)),
            new NodeInterop.Record(Map.of("id", "u2"), value("Grace", null)),
            new NodeInterop.Record(Map.of("id", "u1"), null));

    JsonNode produced =
        NodeInterop.produce(
            broker.bootstrapServers(),
            registry.confluentApiUrl(),
            topic,
            KEY.toString(),
            VALUE.toString(),
            records);
    assertThat(produced.get("produced").asInt()).isEqualTo(3);
    int keySchemaId = produced.get("keySchemaId").asInt();
    int valueSchemaId = produced.get("valueSchemaId").asInt();

    List<JsonNode> consumed =
        NodeInterop.consume(broker.bootstrapServers(), registry.confluentApiUrl(), topic, 3);

    assertThat(consumed).hasSize(3);
    assertThat(consumed)
        .extracting(line -> line.get("offset").asLong())
        .containsExactly(0L, 1L, 2L);
    assertThat(consumed)
        .extracting(line -> line.get("key").get("id").asText())
        .containsExactly("u1", "u2", "u1");
    assertThat(consumed)
        .extracting(line -> line.get("keySchemaId").asInt())
        .containsOnly(keySchemaId);
    assertThat(consumed.get(0).get("value").get("name").asText()).isEqualTo("Ada");
    assertThat(consumed.get(0).get("value").get("seen_at").isIntegralNumber()).isTrue();
    assertThat(consumed.get(0).get("value").get("seen_at").asLong()).isEqualTo(SEEN_AT);
    assertThat(consumed.get(0).get("valueSchemaId").asInt()).isEqualTo(valueSchemaId);
    assertThat(consumed.get(1).get("value").get("seen_at").isNull()).isTrue();
    assertThat(consumed.get(2).get("value").isNull()).as("tombstone").isTrue();
    assertThat(consumed.get(2).get("valueSchemaId").isNull()).isTrue();

    // What kafkajs wrote is framed as Confluent clients expect: magic byte 0, then the registry's
    // schema id.
    List<ConsumerRecord<byte[], byte[]>> raw = readRaw(broker, topic, 3);
    assertThat(raw).extracting(record -> frameOf(record.key())).containsOnly("0:" + keySchemaId);
    assertThat(frameOf(raw.get(0).value())).isEqualTo("0:" + valueSchemaId);
    assertThat(raw.get(2).value()).isNull();
  }

  private static Map<String, Object> value(String name, Long seenAt) {
    Map<String, Object> value = new LinkedHashMap<>(); // Map.of refuses the null of an absent time
    value.put("name", name);
    value.put("seen_at", seenAt);
    return value;
  }

  private static String frameOf(byte[] payload) {
    ByteBuffer buffer = ByteBuffer.wrap(payload);
    return buffer.get() + ":" + buffer.getInt();
  }

  private static List<ConsumerRecord<byte[], byte[]>> readRaw(
      KafkaBroker.Handle broker, String topic, int count) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(
            broker.consumerProps("raw-" + topic),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      await("raw records of " + topic)
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= count;
              });
    }
    return records;
  }
}
