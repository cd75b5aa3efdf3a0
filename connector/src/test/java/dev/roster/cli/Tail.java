package dev.roster.cli;

import dev.roster.kafka.TopicFollower;
import dev.roster.testing.KafkaBroker;
import dev.roster.topics.TopicSpec;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a topic from the beginning with read_committed into a callback, on its own thread, through
 * the same group-less {@link TopicFollower} the status page uses: no rebalance can hand a record
 * over twice, so a duplicate the test sees is one Roster published.
 */
final class Tail<V> implements AutoCloseable {
  private final TopicFollower follower;

  /** Follows the topic on the test broker. */
  <K> Tail(TopicSpec<K, V> topic, Consumer<V> sink) {
    this(topic, KafkaBroker.bootstrapServers(), sink);
  }

  <K> Tail(TopicSpec<K, V> topic, String bootstrapServers, Consumer<V> sink) {
    this(topic, Map.of("bootstrap.servers", bootstrapServers), sink);
  }

  /** Follows the topic with these client settings: a secured broker's, say. */
  <K> Tail(TopicSpec<K, V> topic, Map<String, Object> kafkaClientProps, Consumer<V> sink) {
    Deserializer<V> values = topic.valueSerde().deserializer();
    follower =
        new TopicFollower(
            "tail-" + topic.name(),
            List.of(topic),
            kafkaClientProps,
            record -> {
              if (record.value() != null) {
                sink.accept(values.deserialize(record.topic(), record.headers(), record.value()));
              }
            },
            () -> {});
  }

  @Override
  public void close() throws InterruptedException {
    follower.close();
  }
}
