package dev.roster.detect;

import dev.roster.kafka.RosterTopics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;

/**
 * Runs the detector topology. Exactly-once (exactly_once_v2): the stores' changelogs, the users
 * table, the events and the input offsets commit in one transaction, so after a crash, a restart
 * or a rebalance no event is lost or published twice. Records the detector cannot read or process
 * go to the dead-letter topic with the reason in their headers, and the rest go on.
 */
public final class ChangeDetector implements AutoCloseable {

  private final KafkaStreams streams;

  public ChangeDetector(RosterTopics topics, DetectorSettings settings, Properties streamsConfig) {
    this.streams = new KafkaStreams(DetectorTopology.build(topics, settings, Clock.systemUTC()), streamsConfig);
  }

  /**
   * The Streams configuration Roster runs with.
   *
   * @param applicationId instances with the same id share the work (the partitions of observations)
   * @param kafkaClientProps connection settings (bootstrap.servers, security.protocol, sasl.*, ssl.*)
   * @param replication replication factor of the stores' changelog topics
   */
  public static Properties streamsConfig(String applicationId, Map<String, Object> kafkaClientProps, RosterTopics topics,
      short replication, Path stateDir) {
    Properties props = new Properties();
    props.putAll(kafkaClientProps);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) replication);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueProcessingExceptionHandler.class);
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics.deadLetter.name());
    return props;
  }

  public void start() {
    streams.start();
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  /** For metrics binders, which read the Streams client's own metrics. */
  public KafkaStreams kafkaStreams() {
    return streams;
  }

  /** Commits, then leaves the group at once, so other instances take the partitions over without waiting for a session timeout. */
  @Override
  public void close() {
    streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(Duration.ofSeconds(30)));
  }
}
