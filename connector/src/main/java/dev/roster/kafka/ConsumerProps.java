package dev.roster.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * The settings every consumer Roster makes starts from
 * (docs/architecture.md#internal-topics-and-consumer-groups).
 *
 * <p>Why {@code allow.auto.create.topics=false}: Kafka's brokers auto-create topics by default, and
 * a consumer that subscribes to or looks up a missing topic would then create it with the broker's
 * defaults (delete cleanup, the broker's partition count) before Roster's own admin creates it
 * compacted with the right count; start-up would then refuse the table topic, or the partitioning
 * would silently differ. Only {@code TopicAdmin} creates Roster's topics. Offsets are never
 * auto-committed: the poller commits what it has handled, the readers keep no offsets at all.
 */
public final class ConsumerProps {

  private ConsumerProps() {}

  /**
   * {@code clientProps} (bootstrap servers, security) plus the settings every Roster consumer has.
   */
  public static Map<String, Object> of(Map<String, Object> clientProps) {
    Map<String, Object> props = new HashMap<>(clientProps);
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return props;
  }
}
