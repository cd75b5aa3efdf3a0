package dev.roster.topics;

import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;

/**
 * One topic, declared once: its name, the serdes of its keys and values, and how it is created.
 * Every producer, consumer and Streams topology takes topics from here, never from strings.
 */
public record TopicSpec<K, V>(
    String name,
    Serde<K> keySerde,
    Serde<V> valueSerde,
    int partitions,
    short replication,
    Map<String, String> configs) {

  public TopicSpec {
    configs = Map.copyOf(configs);
  }

  public boolean compacted() {
    return configs
        .getOrDefault(TopicConfig.CLEANUP_POLICY_CONFIG, "")
        .contains(TopicConfig.CLEANUP_POLICY_COMPACT);
  }
}
