package dev.roster.detect;

import dev.roster.kafka.ProducerCompression;
import dev.roster.topics.RosterTopics;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * The change detector: the {@link DetectorTopology} as a {@link StreamsApp}, whose one transaction
 * per commit holds the stores' changelogs, the users table, the events and the input offsets.
 */
public final class ChangeDetector extends StreamsApp {

  /** RocksDB memory budget when none is configured: 128 MiB. */
  public static final long DEFAULT_ROCKSDB_MEMORY_BYTES = 128L << 20;

  /**
   * @param streamsConfig what {@link #streamsConfig} gives, with any overrides
   * @param rocksDbMemoryBytes what the RocksDB stores may take off the heap in all ({@link
   *     BoundedRocksDbMemory})
   */
  public ChangeDetector(
      RosterTopics topics,
      DetectorSettings settings,
      Properties streamsConfig,
      long rocksDbMemoryBytes) {
    super(
        "Change detector",
        () -> DetectorTopology.build(topics, settings, Clock.systemUTC()),
        streamsConfig,
        rocksDbMemoryBytes);
  }

  /**
   * The Streams configuration Roster runs with.
   *
   * @param applicationId instances with the same id share the work (the partitions of observations)
   * @param kafkaClientProps connection settings (bootstrap.servers, security.protocol, sasl.*,
   *     ssl.*)
   * @param replication replication factor of the stores' changelog topics
   */
  public static Properties streamsConfig(
      String applicationId,
      Map<String, Object> kafkaClientProps,
      RosterTopics topics,
      short replication,
      Path stateDir) {
    Properties props = new Properties();
    props.putAll(kafkaClientProps);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) replication);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        LogAndContinueExceptionHandler.class);
    props.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        DetectorProcessingExceptionHandler.class);
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    props.put(
        StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DetectorProductionExceptionHandler.class);
    props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics.deadLetter.name());
    props.put(
        StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG),
        ProducerCompression.TYPE);
    // One produce request in flight per broker: with transactions v2 (Kafka 4's default) the broker
    // answers a new transaction's first batch for a partition with CONCURRENT_TRANSACTIONS while
    // the
    // previous transaction's markers are still being written, and then refuses the pipelined
    // batches
    // behind it (sequence > 0 with no producer state) with OutOfOrderSequenceException, logged at
    // ERROR
    // by the broker and retried by the client. Nothing is lost, but every healthy run logged
    // errors.
    // With one request in flight the retried first batch goes alone
    // (docs/architecture.md#detector-transactions).
    props.put(
        StreamsConfig.producerPrefix(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION), 1);
    return props;
  }
}
