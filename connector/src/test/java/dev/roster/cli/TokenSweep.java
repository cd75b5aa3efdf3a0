package dev.roster.cli;

import dev.roster.testing.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Every record of every topic of one deployment (its own topics and Kafka Streams' changelogs and
 * repartition topics, all named after its application id), aborted transactions' records included,
 * searched byte for byte for a secret in keys, values, header names and header values.
 */
final class TokenSweep {

  /** What was searched and where the secret was found ("topic-partition@offset where"). */
  record Result(long records, long recordsWithRedactions, List<String> hits) {}

  private TokenSweep() {}

  static Result sweep(String applicationId, String secret) throws Exception {
    byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
    byte[] redacted = "[redacted]".getBytes(StandardCharsets.UTF_8);
    Set<String> topics;
    try (Admin admin = Admin.create(KafkaBroker.handle().adminConfig())) {
      topics =
          admin.listTopics().names().get().stream()
              .filter(name -> name.startsWith(applicationId))
              .collect(Collectors.toSet());
    }
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    long records = 0;
    long withRedactions = 0;
    List<String> hits = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          topics.stream()
              .flatMap(
                  topic ->
                      consumer.partitionsFor(topic).stream()
                          .map(p -> new TopicPartition(topic, p.partition())))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          records++;
          List<byte[]> parts = new ArrayList<>();
          parts.add(record.key());
          parts.add(record.value());
          for (Header header : record.headers()) {
            parts.add(header.key().getBytes(StandardCharsets.UTF_8));
            parts.add(header.value());
          }
          String where = record.topic() + "-" + record.partition() + "@" + record.offset();
          for (int i = 0; i < parts.size(); i++) {
            if (contains(parts.get(i), needle)) {
              hits.add(where + (i == 0 ? " key" : i == 1 ? " value" : " header"));
            }
          }
          if (parts.stream().anyMatch(part -> contains(part, redacted))) {
            withRedactions++;
          }
        }
      }
    }
    return new Result(records, withRedactions, hits);
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    // ISO-8859-1: one char per byte, so this is a search for the bytes, whatever they encode.
    return haystack != null
        && new String(haystack, StandardCharsets.ISO_8859_1)
            .contains(new String(needle, StandardCharsets.ISO_8859_1));
  }
}
