package dev.roster.poll;

import dev.roster.avro.ErrorCategory;
import dev.roster.avro.Observation;
import dev.roster.avro.PollAborted;
import dev.roster.avro.PollCompleted;
import dev.roster.avro.User;
import dev.roster.avro.UserKey;
import dev.roster.kafka.RosterTopics;
import dev.roster.truto.AccountContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;

/**
 * Writes polls to roster.observations: one record per observed user, then, only once every one of
 * them is acknowledged, a PollCompleted marker on every partition, so each detector task knows the
 * poll is over for its share. A poll that fails, or whose writes fail, gets no marker: the detector
 * then infers nothing from what it missed.
 */
public final class ObservationWriter implements AutoCloseable {

  private final RosterTopics topics;
  private final Producer<UserKey, Observation> producer;
  private final Clock clock;

  public ObservationWriter(RosterTopics topics, Map<String, Object> kafkaClientProps, Clock clock) {
    this.topics = topics;
    this.clock = clock;
    Map<String, Object> props = new HashMap<>(kafkaClientProps);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "roster-poller");
    this.producer = new KafkaProducer<>(props, topics.observations.keySerde().serializer(), topics.observations.valueSerde().serializer());
  }

  /** Starts writing poll {@code pollId} of {@code account}. */
  public PollWrite begin(AccountContext account, long pollId) {
    return new PollWrite(account, pollId, clock.instant());
  }

  /** One poll being written. Not thread-safe: one poller thread writes one poll. */
  public final class PollWrite {
    private final AccountContext account;
    private final long pollId;
    private final Instant startedAt;
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    private long usersSeen;

    private PollWrite(AccountContext account, long pollId, Instant startedAt) {
      this.account = account;
      this.pollId = pollId;
      this.startedAt = startedAt;
    }

    public long pollId() {
      return pollId;
    }

    public Instant startedAt() {
      return startedAt;
    }

    public void observed(User user) {
      usersSeen++;
      producer.send(new ProducerRecord<>(topics.observations.name(), new UserKey(account.integratedAccountId(), user.getId()),
          new Observation(pollId, user)), (metadata, error) -> {
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
     * @throws IllegalStateException when an observation could not be written: the poll is not complete
     */
    public void complete(PollDoubts doubts) {
      producer.flush();
      Exception failure = firstFailure.get();
      if (failure != null) {
        throw new IllegalStateException("Poll " + pollId + " of account " + account.integratedAccountId()
            + " is not marked complete: an observation could not be written: " + failure.getMessage(), failure);
      }
      PollCompleted marker = PollCompleted.newBuilder()
          .setIntegratedAccountId(account.integratedAccountId())
          .setIntegration(account.integration())
          .setTenantId(account.tenantId())
          .setPollId(pollId)
          .setStartedAt(startedAt)
          .setCompletedAt(clock.instant())
          .setUsersSeen(usersSeen + doubts.unconfirmedUserIds().size())
          .setUnconfirmedUserIds(doubts.unconfirmedUserIds())
          .setRemovalsWithheld(doubts.removalsWithheld().orElse(null))
          .build();
      toEveryPartition(marker);
    }

    /** Tells the detector, for visibility, that this poll stopped early; it infers nothing from it. */
    public void abort(ErrorCategory category, String message) {
      toEveryPartition(PollAborted.newBuilder()
          .setIntegratedAccountId(account.integratedAccountId())
          .setPollId(pollId)
          .setAbortedAt(clock.instant())
          .setErrorCategory(category)
          .setMessage(message)
          .build());
    }

    private void toEveryPartition(Object marker) {
      UserKey key = new UserKey(account.integratedAccountId(), "");
      for (PartitionInfo partition : producer.partitionsFor(topics.observations.name())) {
        producer.send(new ProducerRecord<>(topics.observations.name(), partition.partition(), key, new Observation(pollId, marker)),
            (metadata, error) -> {
              if (error != null) {
                firstFailure.compareAndSet(null, error);
              }
            });
      }
      producer.flush();
      Exception failure = firstFailure.get();
      if (failure != null) {
        throw new IllegalStateException("The end-of-poll marker of poll " + pollId + " of account " + account.integratedAccountId()
            + " could not be written to every partition: " + failure.getMessage(), failure);
      }
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
