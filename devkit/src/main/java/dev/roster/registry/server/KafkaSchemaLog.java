package dev.roster.registry.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.registry.CompatibilityLevel;
import dev.roster.registry.server.SchemaLogEntry.LevelSetting;
import dev.roster.registry.server.SchemaLogEntry.SchemaVersion;
import dev.roster.topics.TopicAdmin;
import dev.roster.topics.TopicSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The embedded registry's durable store: one compacted, single-partition Kafka topic, like
 * Confluent's {@code _schemas}. Keys identify what an entry is about (a subject version, or a
 * subject's level), so compaction keeps exactly the latest fact for each. One registry writes a
 * topic at a time.
 */
final class KafkaSchemaLog implements SchemaLog {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String topic;
  private final TopicPartition partition;
  private final Map<String, Object> clientProps;
  private final KafkaProducer<byte[], byte[]> producer;

  KafkaSchemaLog(String topic, Map<String, Object> clientProps) {
    this.topic = topic;
    this.partition = new TopicPartition(topic, 0);
    this.clientProps = Map.copyOf(clientProps);
    ensureCompactedTopic();
    Map<String, Object> producerProps = new HashMap<>(clientProps);
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, "roster-registry-" + topic);
    this.producer =
        new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Reads the topic from the beginning to its current end, in order. */
  @Override
  public void replay(Consumer<SchemaLogEntry> apply) {
    Map<String, Object> consumerProps = new HashMap<>(clientProps);
    consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (var consumer =
        new KafkaConsumer<>(
            consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (consumer.position(partition, TIMEOUT) < end) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Timed out reading the schema topic '" + topic + "' up to offset " + end);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          apply.accept(decode(record.key(), record.value()));
        }
      }
    }
  }

  /** Appends an entry and waits until every in-sync replica has it. */
  @Override
  public void append(SchemaLogEntry entry) {
    try {
      producer
          .send(new ProducerRecord<>(topic, 0, key(entry), value(entry)))
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "Interrupted while writing to the schema topic '" + topic + "'", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "Could not write to the schema topic '" + topic + "': " + e.getMessage(), e);
    }
  }

  /**
   * Creates the topic compacted when missing; refuses an existing one that would let schemas
   * expire.
   */
  private void ensureCompactedTopic() {
    try (Admin admin = Admin.create(clientProps)) {
      TopicAdmin.ensure(
          admin,
          List.of(
              new TopicSpec<>(
                  topic,
                  Serdes.ByteArray(),
                  Serdes.ByteArray(),
                  1,
                  TopicAdmin.BROKER_DEFAULT_REPLICATION,
                  Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))));
    }
  }

  static byte[] key(SchemaLogEntry entry) {
    ObjectNode key = JSON.createObjectNode();
    if (entry instanceof SchemaVersion version) {
      key.put("kind", "SCHEMA").put("subject", version.subject()).put("version", version.version());
    } else if (entry instanceof LevelSetting setting) {
      key.put("kind", "CONFIG").put("subject", setting.subject().orElse(null));
    }
    return key.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  static byte[] value(SchemaLogEntry entry) {
    ObjectNode value = JSON.createObjectNode();
    if (entry instanceof SchemaVersion version) {
      value
          .put("subject", version.subject())
          .put("version", version.version())
          .put("id", version.id())
          .put("schema", version.schema());
    } else if (entry instanceof LevelSetting setting) {
      if (setting.level().isEmpty()) {
        return null; // a tombstone: the subject's own level is removed
      }
      value.put("compatibilityLevel", setting.level().get().name());
    }
    return value.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * Entries are JSON read by field name: a field a later Roster adds is ignored here. A kind of
   * entry this build does not know is refused, not taken for a schema version: misread, it could
   * give an id the wrong schema.
   */
  static SchemaLogEntry decode(byte[] keyBytes, byte[] valueBytes) {
    try {
      JsonNode key = JSON.readTree(keyBytes);
      Optional<String> subject = Optional.ofNullable(key.path("subject").textValue());
      String kind = key.path("kind").asText();
      if (!"SCHEMA".equals(kind) && !"CONFIG".equals(kind)) {
        throw new IllegalStateException(
            "Entry of kind '"
                + kind
                + "' in a schema topic: unknown to this Roster (written by a later one?)");
      }
      if ("CONFIG".equals(kind)) {
        Optional<CompatibilityLevel> level =
            valueBytes == null
                ? Optional.empty()
                : Optional.of(
                    CompatibilityLevel.parse(
                        JSON.readTree(valueBytes).path("compatibilityLevel").asText()));
        return new LevelSetting(subject, level);
      }
      JsonNode value = JSON.readTree(valueBytes);
      return new SchemaVersion(
          value.path("subject").asText(),
          value.path("version").asInt(),
          value.path("id").asInt(),
          value.path("schema").asText());
    } catch (IOException e) {
      throw new UncheckedIOException("Unreadable entry in a schema topic", e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
