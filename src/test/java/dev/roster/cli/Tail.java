package dev.roster.cli;

import dev.roster.kafka.TopicSpec;
import dev.roster.testing.KafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** Reads a topic from the beginning with read_committed into a callback, on its own thread. */
final class Tail<V> implements AutoCloseable {
  private final Thread thread;
  private volatile boolean running = true;

  <K> Tail(TopicSpec<K, V> topic, Consumer<V> sink) {
    thread = new Thread(() -> {
      try (var consumer = new KafkaConsumer<>(KafkaBroker.handle().consumerProps("tail-" + UUID.randomUUID()),
          topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
        consumer.subscribe(List.of(topic.name()));
        while (running) {
          consumer.poll(Duration.ofMillis(200)).forEach(record -> {
            if (record.value() != null) {
              sink.accept(record.value());
            }
          });
        }
      }
    }, "tail-" + topic.name());
    thread.start();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(10_000);
  }
}
