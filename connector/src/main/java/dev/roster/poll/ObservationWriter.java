package dev.roster.poll;

import dev.roster.avro.ErrorCategory;
import dev.roster.avro.IntegratedAccount;
import dev.roster.avro.Observation;
import dev.roster.avro.PollAborted;
import dev.roster.avro.PollCompleted;
import dev.roster.avro.User;
import dev.roster.avro.UserKey;
import dev.roster.avro.UserUnchanged;
import dev.roster.detect.Fingerprints;
import dev.roster.kafka.ProducerCompression;
import dev.roster.kafka.UserPartitioner;
import dev.roster.topics.RosterTopics;
import dev.roster.topics.TopicSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InterruptException;

/**
 * Writes polls to roster.observations: one record per observed user, on the partition its ids pick
 * ({@link UserPartitioner}), then, only once every one of them is acknowledged, a PollCompleted
 * marker on every partition, all in one transaction ({@link MarkerWriter}), each saying how many
 * observations of the poll went to its partition, so each detector task knows the poll is over for
 * its share and whether it read all of it. A poll that fails, or whose writes fail, gets no
 * PollCompleted: the detector then infers nothing from what it missed.
 */
public final class ObservationWriter implements AutoCloseable {

  /**
   * Bounds how long a writer that died mid-transaction blocks the detector (which reads
   * read_committed) on every partition: the broker aborts the transaction after this. A marker
   * transaction takes milliseconds.
   */
  private static final int MARKER_TRANSACTION_TIMEOUT_MS = 10_000;

  private final TopicSpec<UserKey, Observation> topic;
  private final Producer<UserKey, Observation> producer;
  private final MarkerWriter markers;
  private final Clock clock;

  public ObservationWriter(RosterTopics topics, Map<String, Object> kafkaClientProps, Clock clock) {
    this(topics.observations, kafkaClientProps, clock);
  }

  /**
   * A writer of {@code observations}, with its serdes: e.g. keys written with another version of
   * the UserKey schema.
   */
  public ObservationWriter(
      TopicSpec<UserKey, Observation> observations,
      Map<String, Object> kafkaClientProps,
      Clock clock) {
    this.topic = observations;
    this.clock = clock;
    Map<String, Object> props = new HashMap<>(kafkaClientProps);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, ProducerCompression.TYPE);
    props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "roster-poller");
    this.producer =
        new KafkaProducer<>(
            props, observations.keySerde().serializer(), observations.valueSerde().serializer());
    Map<String, Object> markerProps = new HashMap<>(kafkaClientProps);
    markerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    markerProps.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, ProducerCompression.TYPE);
    // Unique per writer: two instances' writers never fence each other.
    markerProps.put(
        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
        observations.name() + "-markers-" + UUID.randomUUID());
    markerProps.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, MARKER_TRANSACTION_TIMEOUT_MS);
    markerProps.put(
        ProducerConfig.CLIENT_ID_CONFIG, props.get(ProducerConfig.CLIENT_ID_CONFIG) + "-markers");
    this.markers =
        new MarkerWriter(
            () ->
                new KafkaProducer<>(
                    markerProps,
                    observations.keySerde().serializer(),
                    observations.valueSerde().serializer()));
  }

  /** Starts writing poll {@code pollId} of {@code account}. */
  public PollWrite begin(IntegratedAccount account, long pollId) {
    return new PollWrite(account, pollId, clock.instant());
  }

  private int partitions() {
    return producer.partitionsFor(topic.name()).size();
  }

  /** One poll being written. Not thread-safe: one poller thread writes one poll. */
  public final class PollWrite {
    private final IntegratedAccount account;
    private final long pollId;
    private final Instant startedAt;
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

    /**
     * Observations written to each partition; the users' partitions are computed for this many
     * partitions.
     */
    private long[] written;

    private long usersSeen;
    private long sentUnchanged;

    private PollWrite(IntegratedAccount account, long pollId, Instant startedAt) {
      this.account = account;
      this.pollId = pollId;
      this.startedAt = startedAt;
    }

    /**
     * Asks for the partitions when the first record is due, as a send would: the listing need not
     * wait for Kafka.
     */
    private long[] written() {
      if (written == null) {
        written = new long[partitions()];
      }
      return written;
    }

    public long pollId() {
      return pollId;
    }

    public Instant startedAt() {
      return startedAt;
    }

    /** The poll saw {@code user}: sent in full. */
    public void observed(User user) {
      send(user.getId(), new Observation(pollId, user));
    }

    /**
     * The poll saw user {@code userId} as the account's last complete poll sent it: sent as its
     * fingerprints only ({@link SentFingerprints}).
     */
    public void unchanged(String userId, Fingerprints fingerprints) {
      sentUnchanged++;
      send(
          userId,
          new Observation(
              pollId,
              new UserUnchanged(
                  fingerprints.content(), fingerprints.quiet(), fingerprints.remoteData())));
    }

    /** Users this poll sent as fingerprints only. */
    public long sentUnchanged() {
      return sentUnchanged;
    }

    private void send(String userId, Observation observation) {
      usersSeen++;
      int partition = UserPartitioner.partition(account.getId(), userId, written().length);
      written[partition]++;
      producer.send(
          new ProducerRecord<>(
              topic.name(), partition, new UserKey(account.getId(), userId), observation),
          (metadata, error) -> {
            if (error != null) {
              firstFailure.compareAndSet(null, error);
            }
          });
    }

    /** {@link #complete(PollDoubts)} for a poll that met nothing in doubt. */
    public void complete() {
      complete(PollDoubts.NONE);
    }

    /**
     * Waits until every observation is acknowledged, then marks the poll complete on every
     * partition, with what the detector must not infer from it.
     *
     * @throws IllegalStateException when an observation could not be written, or the partitions
     *     changed: the poll is not complete
     */
    public void complete(PollDoubts doubts) {
      producer.flush();
      Exception failure = firstFailure.get();
      if (failure != null) {
        throw new IllegalStateException(
            "Poll "
                + pollId
                + " of account "
                + account.getId()
                + " is not marked complete: an observation could not be written: "
                + failure.getMessage(),
            failure);
      }
      long[] perPartitionCounts = written();
      int partitionsNow = partitions();
      if (partitionsNow != perPartitionCounts.length) {
        throw new IllegalStateException(
            "Poll "
                + pollId
                + " of account "
                + account.getId()
                + " is not marked complete: "
                + topic.name()
                + " went from "
                + perPartitionCounts.length
                + " to "
                + partitionsNow
                + " partitions during the poll, which moves users "
                + "between partitions; restart Roster, which refuses to run until that is migrated (README.md, \"Changing the number of partitions\")");
      }
      Instant completedAt = clock.instant();
      List<Observation> perPartition = new ArrayList<>(perPartitionCounts.length);
      for (long count : perPartitionCounts) {
        perPartition.add(
            new Observation(
                pollId,
                PollCompleted.newBuilder()
                    .setIntegratedAccountId(account.getId())
                    .setIntegration(account.getIntegration())
                    .setTenantId(account.getTenantId())
                    .setPollId(pollId)
                    .setStartedAt(startedAt)
                    .setCompletedAt(completedAt)
                    .setUsersSeen(usersSeen + doubts.unconfirmedUserIds().size())
                    .setUnconfirmedUserIds(doubts.unconfirmedUserIds())
                    .setRemovalsWithheld(doubts.removalsWithheld().orElse(null))
                    .setPartitionObservations(count)
                    .build()));
      }
      toEveryPartition(perPartition);
    }

    /**
     * Tells the detector, for visibility, that this poll stopped early; it infers nothing from it.
     */
    public void abort(ErrorCategory category, String message) {
      Observation aborted =
          new Observation(
              pollId,
              PollAborted.newBuilder()
                  .setIntegratedAccountId(account.getId())
                  .setPollId(pollId)
                  .setAbortedAt(clock.instant())
                  .setErrorCategory(category)
                  .setMessage(message)
                  .build());
      toEveryPartition(Collections.nCopies(written().length, aborted));
    }

    private void toEveryPartition(List<Observation> markersByPartition) {
      try {
        markers.writeAll(topic.name(), new UserKey(account.getId(), ""), markersByPartition);
      } catch (InterruptException e) {
        throw e; // the poll was stopped: not a failure to report
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            "The end-of-poll markers of poll "
                + pollId
                + " of account "
                + account.getId()
                + " were not written (to no partition): "
                + e.getMessage(),
            e);
      }
    }
  }

  @Override
  public void close() {
    markers.close();
    producer.close(Duration.ofSeconds(10));
  }
}
