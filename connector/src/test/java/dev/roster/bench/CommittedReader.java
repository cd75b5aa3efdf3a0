package dev.roster.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads every partition of a topic from the beginning, as a downstream consumer would (no group,
 * {@code read_committed} unless told otherwise), handing each record to a callback on its own
 * thread together with {@link System#nanoTime()} when the poll returned it.
 */
final class CommittedReader<K, V> implements AutoCloseable {

  /** A record and when this reader got it. */
  interface Sink<K, V> {
    void accept(ConsumerRecord<K, V> record, long receivedNanos);
  }

  private final Thread thread;
  private volatile boolean running = true;

  CommittedReader(
      String bootstrapServers,
      String topic,
      String isolation,
      Deserializer<K> keys,
      Deserializer<V> values,
      Sink<K, V> sink) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    KafkaConsumer<K, V> consumer = new KafkaConsumer<>(props, keys, values);
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(info -> new TopicPartition(topic, info.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    this.thread =
        new Thread(
            () -> {
              try (consumer) {
                while (running) {
                  var records = consumer.poll(Duration.ofMillis(100));
                  long now = System.nanoTime();
                  records.forEach(record -> sink.accept(record, now));
                }
              }
            },
            "bench-reader-" + topic);
    thread.setDaemon(true);
    thread.start();
  }

  static <K, V> CommittedReader<K, V> committed(
      String bootstrapServers,
      String topic,
      Deserializer<K> keys,
      Deserializer<V> values,
      Sink<K, V> sink) {
    return new CommittedReader<>(bootstrapServers, topic, "read_committed", keys, values, sink);
  }

  /** Reads {@code topic} as raw bytes into {@code sink}: for benchmarks that only count. */
  static CommittedReader<byte[], byte[]> committedBytes(
      String bootstrapServers, String topic, Sink<byte[], byte[]> sink) {
    return committed(
        bootstrapServers,
        topic,
        new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
        new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
        sink);
  }

  /** Counts records and remembers when the last one came. */
  static final class Counter<K, V> implements Sink<K, V> {
    private long count;
    private long bytes;
    private long lastNanos;

    @Override
    public synchronized void accept(ConsumerRecord<K, V> record, long receivedNanos) {
      count++;
      bytes += Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
      lastNanos = receivedNanos;
    }

    synchronized long count() {
      return count;
    }

    /** Serialized key and value bytes of the records counted. */
    synchronized long bytes() {
      return bytes;
    }

    synchronized long lastNanos() {
      return lastNanos;
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(10_000);
  }
}
