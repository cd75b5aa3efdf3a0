package dev.roster.detect;

import dev.roster.identity.IdentityStage;
import dev.roster.kafka.ProducerCompression;
import dev.roster.topics.RosterTopics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the detector topology. Exactly-once (exactly_once_v2): the stores' changelogs, the users
 * table, the events and the input offsets commit in one transaction, so after a crash, a restart or
 * a rebalance no event is lost or published twice. Records the detector cannot read or process go
 * to the dead-letter topic with the reason in their headers, and the rest go on; a failure of the
 * stores or of Kafka stops it instead ({@link DetectorErrors}), and {@link #failure()} says so, for
 * the process to exit and restart on its changelogs rather than run on without a detector.
 */
public final class ChangeDetector implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeDetector.class);

  /** RocksDB memory budget when none is configured: 128 MiB. */
  public static final long DEFAULT_ROCKSDB_MEMORY_BYTES = 128L << 20;

  /** Time allowed to close when no budget is given. */
  private static final Duration DEFAULT_CLOSE_BUDGET = Duration.ofSeconds(30);

  private final KafkaStreams streams;
  private final BoundedRocksDbMemory.SharedMemory rocksDbMemory;
  private final AtomicReference<Throwable> uncaught = new AtomicReference<>();
  private final CompletableFuture<Throwable> failure = new CompletableFuture<>();
  private final AtomicLong restoredRecords = new AtomicLong();

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
    this(topics, settings, Optional.empty(), streamsConfig, rocksDbMemoryBytes);
  }

  /**
   * @param identities the identity stage, to run in the same application (and transactions) after
   *     the detector's own nodes; empty to run the detector alone
   */
  public ChangeDetector(
      RosterTopics topics,
      DetectorSettings settings,
      Optional<IdentityStage> identities,
      Properties streamsConfig,
      long rocksDbMemoryBytes) {
    Clock clock = Clock.systemUTC();
    Topology topology = DetectorTopology.build(topics, settings, clock);
    identities.ifPresent(stage -> stage.addTo(topology, topics, clock));
    this.rocksDbMemory = new BoundedRocksDbMemory.SharedMemory(rocksDbMemoryBytes);
    Properties props = new Properties();
    props.putAll(streamsConfig);
    props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
    props.put(BoundedRocksDbMemory.SHARED_MEMORY_CONFIG, rocksDbMemory);
    this.streams = new KafkaStreams(topology, props, SizeCheckedProducer.clientSupplier());
    streams.setUncaughtExceptionHandler(
        exception -> {
          // Data errors never get here (the handlers skip them): what does is a store or Kafka
          // failure, and stops this client.
          uncaught.compareAndSet(null, exception);
          LOG.error("The change detector failed and stops: {}", exception.toString(), exception);
          return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    streams.setStateListener(
        (now, before) -> {
          LOG.info(
              "Change detector {} -> {}{}",
              before,
              now,
              now == KafkaStreams.State.RUNNING
                  ? " (" + restoredRecords.get() + " records restored from changelogs since start)"
                  : "");
          if (now == KafkaStreams.State.ERROR) {
            failure.complete(
                uncaught.get() != null
                    ? uncaught.get()
                    : new IllegalStateException("Kafka Streams went to ERROR"));
          }
        });
    streams.setGlobalStateRestoreListener(new RestoreLog());
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
    return props;
  }

  public void start() {
    streams.start();
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  /**
   * Completes with what stopped the detector when it cannot go on (Streams in ERROR); never when it
   * is closed as asked.
   */
  public CompletableFuture<Throwable> failure() {
    return failure.copy();
  }

  /** For metrics binders, which read the Streams client's own metrics. */
  public KafkaStreams kafkaStreams() {
    return streams;
  }

  /**
   * Commits, writes the stores' checkpoints (so the next start restores nothing it has), then
   * leaves the group at once, so other instances take the partitions over without waiting for a
   * session timeout; all within {@code budget}.
   */
  public void close(Duration budget) {
    boolean stopped =
        streams.close(
            CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(budget));
    if (stopped) {
      rocksDbMemory.close();
    } else {
      // Stream threads may still use the stores: freeing their cache under them could crash the
      // JVM. The process is ending anyway.
      LOG.warn(
          "The change detector did not stop within {}; it was left to the process's end", budget);
    }
  }

  @Override
  public void close() {
    close(DEFAULT_CLOSE_BUDGET);
  }

  /**
   * Logs every restoration, and counts the records restored, so a restart that had to rebuild its
   * stores says so.
   */
  private final class RestoreLog implements StateRestoreListener {
    @Override
    public void onRestoreStart(
        TopicPartition partition, String store, long startingOffset, long endingOffset) {
      LOG.info(
          "Restoring store {} from {} offsets {} to {}",
          store,
          partition,
          startingOffset,
          endingOffset);
    }

    @Override
    public void onBatchRestored(
        TopicPartition partition, String store, long batchEndOffset, long restored) {
      restoredRecords.addAndGet(restored);
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
      LOG.info("Restored {} records into store {} from {}", totalRestored, store, partition);
    }
  }
}
