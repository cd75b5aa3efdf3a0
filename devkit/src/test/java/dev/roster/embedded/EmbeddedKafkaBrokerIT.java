package dev.roster.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's broker with what the demo does on it: exactly-once writes read back read_committed by
 * a consumer group, then a restart over the same data dir.
 */
class EmbeddedKafkaBrokerIT {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBrokerIT.class);
  private static final String TOPIC = "demo.events";
  private static final int PARTITIONS = 2;
  private static final String GROUP = "demo-readers";
  private static final String TRANSACTIONAL_ID = "demo-writer";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path dataDir;

  @Test
  void restartOnTheSamePortKeepsTopicsCommittedRecordsTransactionsAndGroupOffsets()
      throws Exception {
    int port;
    long coldStart = System.nanoTime();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0)) {
      long coldMillis = millisSince(coldStart);
      port = broker.port();
      assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
      assertThat(broker.dataDir()).isEqualTo(dataDir);

      createTopic(broker);
      abortOneTransaction(broker);
      commitTransaction(broker, List.of("first", "second", "third"));
      // Had the aborted record leaked through read_committed, the group would read it too.
      assertThat(readAsGroup(broker, 3)).containsExactlyInAnyOrder("first", "second", "third");
      LOG.info("Cold start (formats the data dir): {} ms", coldMillis);
    }

    long warmStart = System.nanoTime();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, port)) {
      LOG.info("Warm start (same data dir, same port): {} ms", millisSince(warmStart));
      assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
      assertThat(topics(broker)).contains(TOPIC);
      assertThat(readFromTheBeginning(broker, 3))
          .containsExactlyInAnyOrder("first", "second", "third");

      // The same transactional id again: its producer id and epoch come back from the kept log.
      commitTransaction(broker, List.of("fourth"));
      // The group resumes from the offsets it committed before the restart.
      assertThat(readAsGroup(broker, 1)).containsExactly("fourth");
    }
  }

  @Test
  void restartOnAFreshPortServesTheSameData() {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0)) {
      createTopic(broker);
      commitTransaction(broker, List.of("kept"));
    }

    long warmStart = System.nanoTime();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0)) {
      LOG.info("Warm start (same data dir, new port): {} ms", millisSince(warmStart));
      assertThat(readFromTheBeginning(broker, 1)).containsExactly("kept");
    }
  }

  @Test
  void doesNotCreateTopicsOnTheFly() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0);
        KafkaProducer<String, String> producer =
            producer(broker, Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000))) {
      assertThatThrownBy(() -> producer.partitionsFor("never.declared"))
          .isInstanceOf(TimeoutException.class);
      assertThat(topics(broker)).doesNotContain("never.declared");
    }
  }

  private static void createTopic(EmbeddedKafkaBroker broker) {
    try (Admin admin = admin(broker)) {
      admin
          .createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1)))
          .all()
          .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("Could not create " + TOPIC, e);
    }
  }

  private static Set<String> topics(EmbeddedKafkaBroker broker) throws Exception {
    try (Admin admin = admin(broker)) {
      return admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  private static void abortOneTransaction(EmbeddedKafkaBroker broker) {
    try (KafkaProducer<String, String> producer = transactionalProducer(broker)) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(TOPIC, "aborted", "aborted"));
      producer.abortTransaction();
    }
  }

  private static void commitTransaction(EmbeddedKafkaBroker broker, List<String> values) {
    try (KafkaProducer<String, String> producer = transactionalProducer(broker)) {
      producer.initTransactions();
      producer.beginTransaction();
      values.forEach(value -> producer.send(new ProducerRecord<>(TOPIC, value, value)));
      producer.commitTransaction();
    }
  }

  /** Reads as the demo's consumers do, in a group, and commits what it read. */
  private static List<String> readAsGroup(EmbeddedKafkaBroker broker, int count) {
    Map<String, Object> props =
        Map.of(
            ConsumerConfig.GROUP_ID_CONFIG,
            GROUP,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest");
    try (KafkaConsumer<String, String> consumer = consumer(broker, props)) {
      consumer.subscribe(List.of(TOPIC));
      List<String> values = poll(consumer, count);
      consumer.commitSync();
      return values;
    }
  }

  /** Reads every committed record of the topic, outside any group. */
  private static List<String> readFromTheBeginning(EmbeddedKafkaBroker broker, int count) {
    try (KafkaConsumer<String, String> consumer = consumer(broker, Map.of())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (int partition = 0; partition < PARTITIONS; partition++) {
        partitions.add(new TopicPartition(TOPIC, partition));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      return poll(consumer, count);
    }
  }

  private static List<String> poll(KafkaConsumer<String, String> consumer, int count) {
    List<String> values = new ArrayList<>();
    await("records of " + TOPIC)
        .atMost(TIMEOUT)
        .until(
            () -> {
              for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                values.add(record.value());
              }
              return values.size() >= count;
            });
    return values;
  }

  private static Admin admin(EmbeddedKafkaBroker broker) {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }

  private static KafkaProducer<String, String> transactionalProducer(EmbeddedKafkaBroker broker) {
    return producer(broker, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TRANSACTIONAL_ID));
  }

  private static KafkaProducer<String, String> producer(
      EmbeddedKafkaBroker broker, Map<String, Object> extra) {
    Map<String, Object> props = new HashMap<>(extra);
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
  }

  private static KafkaConsumer<String, String> consumer(
      EmbeddedKafkaBroker broker, Map<String, Object> extra) {
    Map<String, Object> props = new HashMap<>(extra);
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
