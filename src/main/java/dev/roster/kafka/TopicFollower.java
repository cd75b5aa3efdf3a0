package dev.roster.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows some of Roster's topics from their beginning on a thread of its own, handing every
 * committed record to a callback, as the demo feed and the status page need. Partitions are
 * assigned, not subscribed: with no consumer group there is no rebalance to hand a record over
 * twice, and no offsets are left behind in the cluster. A record the callback cannot handle is
 * logged and skipped.
 */
public final class TopicFollower implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread thread;
  private volatile boolean running = true;

  public TopicFollower(String name, Collection<TopicSpec<?, ?>> topics, Map<String, Object> kafkaClientProps,
      Consumer<ConsumerRecord<byte[], byte[]>> onRecord, Runnable onIdle) {
    Map<String, Object> props = new HashMap<>(kafkaClientProps);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
    this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(() -> run(topics, onRecord, onIdle), name);
    thread.setDaemon(true);
    thread.start();
  }

  private void run(Collection<TopicSpec<?, ?>> topics, Consumer<ConsumerRecord<byte[], byte[]>> onRecord, Runnable onIdle) {
    try (consumer) {
      List<TopicPartition> partitions = topics.stream()
          .flatMap(topic -> consumer.partitionsFor(topic.name()).stream().map(info -> new TopicPartition(info.topic(), info.partition())))
          .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (running) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(250))) {
          try {
            onRecord.accept(record);
          } catch (RuntimeException e) {
            LOG.warn("{} skips {}-{}@{}: {}", thread.getName(), record.topic(), record.partition(), record.offset(), e.toString());
          }
        }
        onIdle.run();
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      if (running) {
        LOG.error("{} stopped following its topics", thread.getName(), e);
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(5000);
  }
}
