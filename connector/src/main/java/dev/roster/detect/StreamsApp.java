package dev.roster.detect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of Roster's Kafka Streams applications (the change detector, the identity stage), run as
 * {@link ChangeDetector#streamsConfig} configures it. Exactly-once (exactly_once_v2): the stores'
 * changelogs, the outputs and the input offsets commit in one transaction, so after a crash, a
 * restart or a rebalance nothing is lost or published twice. Records it cannot read or process go
 * to the dead-letter topic with the reason in their headers, and the rest go on; a failure of the
 * stores or of Kafka stops it instead ({@link DetectorErrors}), and {@link #failure()} says so, for
 * the process to exit and restart on its changelogs rather than run on without it. A store that
 * cannot be opened at start (RocksDB corruption, a half-written directory) has its task's local
 * state wiped and restored from the changelogs, once ({@link UnopenableStore},
 * docs/architecture.md#failures-and-restore). Its RocksDB stores share one bounded memory ({@link
 * BoundedRocksDbMemory}).
 */
public class StreamsApp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);

  /** Time allowed to close a client that could not start, before its local state is wiped. */
  private static final Duration CLOSE_BEFORE_WIPE = Duration.ofSeconds(30);

  /** Time allowed to close when no budget is given. */
  private static final Duration DEFAULT_CLOSE_BUDGET = Duration.ofSeconds(30);

  private final String name;
  private final Supplier<Topology> topology;
  private final Properties props;
  private volatile KafkaStreams streams;
  private final BoundedRocksDbMemory.SharedMemory rocksDbMemory;
  private final AtomicReference<Throwable> uncaught = new AtomicReference<>();
  private final CompletableFuture<Throwable> failure = new CompletableFuture<>();
  private final AtomicLong restoredRecords = new AtomicLong();

  /**
   * @param name what it is, in its log lines ("Change detector")
   * @param topology builds its topology, again for a client that replaces one whose local state was
   *     wiped
   * @param streamsConfig what {@link ChangeDetector#streamsConfig} gives, with any overrides
   * @param rocksDbMemoryBytes what its RocksDB stores may take off the heap in all ({@link
   *     BoundedRocksDbMemory})
   */
  public StreamsApp(
      String name, Supplier<Topology> topology, Properties streamsConfig, long rocksDbMemoryBytes) {
    this.name = name;
    this.topology = topology;
    this.rocksDbMemory = new BoundedRocksDbMemory.SharedMemory(rocksDbMemoryBytes);
    this.props = new Properties();
    props.putAll(streamsConfig);
    props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
    props.put(BoundedRocksDbMemory.SHARED_MEMORY_CONFIG, rocksDbMemory);
    this.streams = newStreams();
  }

  private KafkaStreams newStreams() {
    KafkaStreams streams =
        new KafkaStreams(topology.get(), props, SizeCheckedProducer.clientSupplier());
    streams.setUncaughtExceptionHandler(
        exception -> {
          // Data errors never get here (the handlers skip them): what does is a store or Kafka
          // failure, and stops this client.
          uncaught.compareAndSet(null, exception);
          LOG.error(
              "The {} failed and stops: {}",
              name.toLowerCase(Locale.ROOT),
              exception.toString(),
              exception);
          return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    streams.setStateListener(
        (now, before) -> {
          LOG.info(
              "{} {} -> {}{}",
              name,
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
    return streams;
  }

  /**
   * Starts it. Kafka Streams opens the stores found in the state directory here; when one cannot be
   * opened, that task's local state (else the whole application's) is wiped and a new client starts
   * on what is left, restoring the rest from the changelogs: its changelogs hold everything, its
   * checkpoint nothing that a restore would not bring back. Each task is wiped at most once per
   * start (a disk that lost several stores heals in one start); a task that still cannot be opened
   * after its wipe, or any failure after the whole state was wiped, is thrown.
   *
   * @throws RuntimeException when a store cannot be opened even after the wipe, or start fails
   *     otherwise
   */
  public void start() {
    Path applicationDir =
        Path.of(props.getProperty(StreamsConfig.STATE_DIR_CONFIG))
            .resolve(props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG));
    Set<Path> wiped = new HashSet<>();
    boolean wipedAll = false;
    while (true) {
      try {
        streams.start();
        return;
      } catch (RuntimeException e) {
        if (DetectorErrors.classify(e) != DetectorErrors.Kind.STORE || wipedAll) {
          throw e;
        }
        Optional<Path> task = UnopenableStore.taskDirectory(e, applicationDir);
        if (task.isPresent() && !wiped.add(task.get())) {
          throw e; // wiped once already in this start: no cure
        }
        LOG.warn(
            "The {} cannot open its local state ({}): wiping {} and restoring it from the"
                + " changelogs",
            name.toLowerCase(Locale.ROOT),
            UnopenableStore.describe(e),
            task.map(dir -> "task " + dir.getFileName()).orElse("every task's local state"));
        if (!streams.close(CLOSE_BEFORE_WIPE)) {
          // Its threads may still hold the stores: wiping under them is no cure.
          throw e;
        }
        if (task.isPresent()) {
          deleteRecursively(task.get());
        } else {
          streams.cleanUp();
          wipedAll = true;
        }
        streams = newStreams();
      }
    }
  }

  private static void deleteRecursively(Path dir) {
    try {
      Utils.delete(dir.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete the unopenable local state " + dir, e);
    }
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  /**
   * Completes with what stopped it when it cannot go on (Streams in ERROR); never when it is closed
   * as asked.
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
      LOG.warn("The {} did not stop within {}; it was left to the process's end", name, budget);
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
