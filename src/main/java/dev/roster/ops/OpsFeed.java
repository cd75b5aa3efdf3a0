package dev.roster.ops;

import dev.roster.kafka.RosterTopics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds {@link OpsState} from Roster's topics on a background thread. Every instance reads every
 * partition from the beginning (a group id of its own), committed records only, so each instance
 * shows the whole cluster, as any consumer of Roster would see it.
 */
public final class OpsFeed implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OpsFeed.class);

  private final RosterTopics topics;
  private final OpsState state;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread thread;
  private volatile boolean running = true;

  /** Starts reading at once; {@code kafkaClientProps} are the common client settings (bootstrap servers, security). */
  public OpsFeed(RosterTopics topics, Map<String, Object> kafkaClientProps, OpsState state) {
    this.topics = topics;
    this.state = state;
    Map<String, Object> props = new HashMap<>(kafkaClientProps);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "roster-ops-feed-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "roster-ops-feed");
    this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(this::run, "roster-ops-feed");
    thread.setDaemon(true);
    thread.start();
  }

  /** The feed's consumer, for {@link RosterMetrics#bind(org.apache.kafka.clients.consumer.Consumer)}. */
  public KafkaConsumer<byte[], byte[]> consumer() {
    return consumer;
  }

  private void run() {
    try (consumer) {
      consumer.subscribe(List.of(topics.accounts.name(), topics.pollStatus.name(), topics.pollSummaries.name(),
          topics.userEvents.name(), topics.deadLetter.name()));
      while (running) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(250))) {
          applyQuietly(record);
        }
      }
    } catch (RuntimeException e) {
      if (running) {
        LOG.error("The ops feed stopped; the status page and metrics no longer change", e);
      }
    }
  }

  /** A record that cannot be read is logged and skipped: the page must go on showing the rest. */
  private void applyQuietly(ConsumerRecord<byte[], byte[]> record) {
    try {
      apply(record);
    } catch (RuntimeException e) {
      LOG.warn("Ops feed skips {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.toString());
    }
  }

  private void apply(ConsumerRecord<byte[], byte[]> record) {
    String topic = record.topic();
    if (topic.equals(topics.accounts.name())) {
      String id = topics.accounts.keySerde().deserializer().deserialize(topic, record.key());
      state.applyAccount(id, record.value() == null ? null : topics.accounts.valueSerde().deserializer().deserialize(topic, record.value()));
    } else if (topic.equals(topics.deadLetter.name())) {
      state.applyDeadLetter();
    } else if (record.value() == null) {
      return; // tombstones of poll statuses and user events carry nothing to show
    } else if (topic.equals(topics.pollStatus.name())) {
      state.applyPollStatus(topics.pollStatus.valueSerde().deserializer().deserialize(topic, record.value()));
    } else if (topic.equals(topics.pollSummaries.name())) {
      state.applyPollSummary(topics.pollSummaries.valueSerde().deserializer().deserialize(topic, record.value()));
    } else if (topic.equals(topics.userEvents.name())) {
      state.applyUserEvent(topics.userEvents.valueSerde().deserializer().deserialize(topic, record.value()));
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(5000);
  }
}
