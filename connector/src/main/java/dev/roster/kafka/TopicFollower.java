package dev.roster.kafka;

import dev.roster.topics.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
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
 * logged and skipped. {@link #readToCurrentEnd} tells when what was committed before some moment
 * has been handed on.
 */
public final class TopicFollower implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);

  /**
   * Someone waits until the records committed to {@code topic} before they asked have been handed
   * on.
   */
  private record EndRequest(String topic, CompletableFuture<Void> reached) {}

  /** An {@link EndRequest} with the end offsets it waits for. */
  private record AwaitedEnd(Map<TopicPartition, Long> ends, CompletableFuture<Void> reached) {}

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Queue<EndRequest> endRequests = new ConcurrentLinkedQueue<>();
  private final List<AwaitedEnd> awaitedEnds = new ArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  public TopicFollower(
      String name,
      Collection<TopicSpec<?, ?>> topics,
      Map<String, Object> kafkaClientProps,
      Consumer<ConsumerRecord<byte[], byte[]>> onRecord,
      Runnable onIdle) {
    Map<String, Object> props = ConsumerProps.of(kafkaClientProps);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
    this.consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(() -> run(topics, onRecord, onIdle), name);
    thread.setDaemon(true);
    thread.start();
  }

  private void run(
      Collection<TopicSpec<?, ?>> topics,
      Consumer<ConsumerRecord<byte[], byte[]>> onRecord,
      Runnable onIdle) {
    try (consumer) {
      List<TopicPartition> partitions =
          topics.stream()
              .flatMap(
                  topic ->
                      consumer.partitionsFor(topic.name()).stream()
                          .map(info -> new TopicPartition(info.topic(), info.partition())))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (running) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(250))) {
          try {
            onRecord.accept(record);
          } catch (RuntimeException e) {
            LOG.warn(
                "{} skips {}-{}@{}: {}",
                thread.getName(),
                record.topic(),
                record.partition(),
                record.offset(),
                e.toString());
          }
        }
        settleEndRequests(partitions);
        onIdle.run();
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      if (running) {
        LOG.error("{} stopped following its topics", thread.getName(), e);
      }
    } finally {
      IllegalStateException stopped =
          new IllegalStateException(thread.getName() + " stopped following its topics");
      endRequests.forEach(request -> request.reached().completeExceptionally(stopped));
      awaitedEnds.forEach(awaited -> awaited.reached().completeExceptionally(stopped));
    }
  }

  /**
   * Completes once every record committed to {@code topic} before this call has been handed to the
   * callback: its end offsets are taken (read_committed) on the follower's thread, then awaited.
   * Completes exceptionally when the topic is not followed or the follower stops first.
   */
  public CompletableFuture<Void> readToCurrentEnd(TopicSpec<?, ?> topic) {
    CompletableFuture<Void> reached = new CompletableFuture<>();
    endRequests.add(new EndRequest(topic.name(), reached));
    if (!thread.isAlive()) {
      reached.completeExceptionally(
          new IllegalStateException(thread.getName() + " is not following its topics"));
    }
    return reached;
  }

  /**
   * On the follower's thread, after the records of a poll were handed on: which requested ends are
   * reached now.
   */
  private void settleEndRequests(List<TopicPartition> partitions) {
    EndRequest request;
    while ((request = endRequests.poll()) != null) {
      String topic = request.topic();
      List<TopicPartition> ofTopic =
          partitions.stream().filter(partition -> partition.topic().equals(topic)).toList();
      if (ofTopic.isEmpty()) {
        request
            .reached()
            .completeExceptionally(
                new IllegalArgumentException(thread.getName() + " does not follow " + topic));
      } else {
        try {
          awaitedEnds.add(new AwaitedEnd(consumer.endOffsets(ofTopic), request.reached()));
        } catch (KafkaException e) {
          request.reached().completeExceptionally(e);
        }
      }
    }
    awaitedEnds.removeIf(
        awaited -> {
          boolean reached =
              awaited.ends().entrySet().stream()
                  .allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
          if (reached) {
            awaited.reached().complete(null);
          }
          return reached;
        });
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(5000);
  }
}
