package dev.roster.poll;

import dev.roster.avro.ErrorCategory;
import dev.roster.avro.IntegratedAccount;
import dev.roster.kafka.ConsumerProps;
import dev.roster.kafka.DeadLetterWriter;
import dev.roster.topics.TopicSpec;
import io.github.resilience4j.core.IntervalFunction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll loop: reads the accounts table (roster.accounts, compacted) through a consumer group, so
 * the instances of one application split the accounts between them and an account moves when its
 * instance dies; keeps the {@link PollScheduler} up to date; starts due polls on a bounded pool.
 * When partitions are taken away, their polls are interrupted (they end without a completion
 * marker) before the new owner may start, so one account is never polled twice at once. The
 * cooperative-sticky assignor takes away only the partitions that move, so a rebalance (an instance
 * joining or leaving in a rolling deploy) leaves the other polls running. After every change of its
 * partitions the poller tells its owner what it owns now ({@link AccountsOwnership}): the token's
 * share and the lead follow it.
 *
 * <p>The loop survives what a record or a call can throw: a record of the accounts table that
 * cannot be read is dead-lettered and skipped, an unexpected failure is logged and the loop goes on
 * after a backoff. Only an {@link Error} ends it; {@link #failure()} then says why.
 */
public final class Poller implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Poller.class);
  private static final Duration MAX_SLEEP = Duration.ofMillis(500);

  /**
   * Time allowed to stop when the loop ends without {@link #close(Duration)} giving a budget (a
   * failure).
   */
  private static final Duration DEFAULT_STOP_BUDGET = Duration.ofSeconds(30);

  /** The dead letters' {@link DeadLetterWriter#SOURCE}: a record of the accounts table. */
  static final String SOURCE = "accounts";

  /** Rest after an unexpected failure of the loop: 1 s, doubling, at most 30 s. */
  private static final IntervalFunction BACKOFF =
      IntervalFunction.ofExponentialBackoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30));

  private record Finished(String accountId, long run, Optional<PollFailure> failure) {}

  private final TopicSpec<String, IntegratedAccount> accountsTopic;
  private final KafkaConsumer<String, IntegratedAccount> consumer;
  private final PollScheduler scheduler;
  private final PollRunner runner;
  private final DeadLetterWriter deadLetters;
  private final ExecutorService pool;
  private final Clock clock;
  private final OwnershipListener ownership;
  private final RunningPolls running = new RunningPolls();
  private final Map<String, Integer> partitionOf = new HashMap<>();
  private final Set<Integer> ownedPartitions = new HashSet<>();
  private final Consumer<AccountsOwnership> ownershipChanged;
  private final ConcurrentLinkedQueue<Finished> finished = new ConcurrentLinkedQueue<>();
  private final CompletableFuture<Throwable> failure = new CompletableFuture<>();
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final Thread loop;
  private long runs;
  private volatile boolean stopping;
  private volatile long stopDeadline;
  private volatile PollerHealth health;

  public Poller(
      TopicSpec<String, IntegratedAccount> accountsTopic,
      Map<String, Object> kafkaClientProps,
      String groupId,
      PollScheduler scheduler,
      PollRunner runner,
      DeadLetterWriter deadLetters,
      int concurrency,
      Clock clock,
      OwnershipListener ownership,
      Consumer<AccountsOwnership> ownershipChanged) {
    this.accountsTopic = accountsTopic;
    this.ownershipChanged = ownershipChanged;
    Map<String, Object> props = ConsumerProps.of(kafkaClientProps);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        CooperativeStickyAssignor.class.getName());
    this.consumer =
        new KafkaConsumer<>(
            props,
            accountsTopic.keySerde().deserializer(),
            accountsTopic.valueSerde().deserializer());
    this.scheduler = scheduler;
    this.runner = runner;
    this.deadLetters = deadLetters;
    this.clock = clock;
    this.ownership = ownership;
    this.pool =
        Executors.newFixedThreadPool(concurrency, runnable -> new Thread(runnable, "roster-poll"));
    this.loop = new Thread(this::run, "roster-poller");
    this.health =
        new PollerHealth(PollerHealth.Phase.STARTING, clock.instant(), 0, Optional.empty());
  }

  public void start() {
    health = new PollerHealth(PollerHealth.Phase.RUNNING, clock.instant(), 0, Optional.empty());
    loop.start();
  }

  /** What the loop is doing, for the health endpoints. */
  public PollerHealth health() {
    return health;
  }

  /**
   * Completes with what ended the loop when it cannot go on; never completes when it is stopped as
   * asked.
   */
  public CompletableFuture<Throwable> failure() {
    return failure.copy();
  }

  private void run() {
    try {
      consumer.subscribe(
          List.of(accountsTopic.name()),
          new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
              // The table is compacted and small: read assigned partitions from the start to know
              // every account.
              consumer.seekToBeginning(partitions);
              if (!partitions.isEmpty()) {
                LOG.info("Polling the accounts of partitions {}", partitions);
              }
              owned(partitions, true);
            }

            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
              forgetAccountsOf(partitions);
              LOG.info("Gave up the accounts of partitions {}", partitions);
              owned(partitions, false);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
              // Another instance may own them already: stop their polls at once, as for a
              // revocation.
              forgetAccountsOf(partitions);
              LOG.warn(
                  "Lost the accounts of partitions {} (this instance dropped out of the group)",
                  partitions);
              owned(partitions, false);
            }
          });
      int failures = 0;
      while (!stopping) {
        try {
          iterate();
          failures = 0;
          progressed();
        } catch (RecordDeserializationException e) {
          skipUnreadable(e);
          progressed();
        } catch (RuntimeException e) {
          if (stopping) {
            break; // woken up to stop
          }
          failures++;
          Duration rest = Duration.ofMillis(BACKOFF.apply(failures));
          health =
              new PollerHealth(
                  PollerHealth.Phase.RUNNING,
                  health.lastProgress(),
                  failures,
                  Optional.of(e.toString()));
          LOG.error(
              "The poll loop failed ({} in a row); it goes on in {} ms",
              failures,
              rest.toMillis(),
              e);
          stopRequested.await(rest.toMillis(), TimeUnit.MILLISECONDS);
        }
      }
      health =
          new PollerHealth(PollerHealth.Phase.STOPPED, health.lastProgress(), 0, Optional.empty());
    } catch (Throwable e) {
      // An Error, or an interrupt nobody asked for: the loop's state can no longer be trusted.
      health =
          new PollerHealth(
              PollerHealth.Phase.FAILED,
              health.lastProgress(),
              health.consecutiveFailures() + 1,
              Optional.of(e.toString()));
      LOG.error("The poll loop cannot go on: no account is polled by this instance any more", e);
      failure.complete(e);
    } finally {
      stopPolls();
    }
  }

  private void iterate() {
    for (ConsumerRecord<String, IntegratedAccount> record : consumer.poll(sleep())) {
      try {
        apply(record);
      } catch (RuntimeException e) {
        // One account that cannot be applied must not cost the rest of the batch (the consumer has
        // moved past them all).
        LOG.error(
            "Account record {}-{}@{} could not be applied; skipped",
            record.topic(),
            record.partition(),
            record.offset(),
            e);
        deadLetter(
            String.valueOf(record.key()),
            "account record at "
                + record.topic()
                + "-"
                + record.partition()
                + " offset "
                + record.offset()
                + " could not be applied: "
                + e,
            null);
      }
    }
    Finished done;
    while ((done = finished.poll()) != null) {
      if (!running.finished(done.accountId(), done.run())) {
        continue; // a poll stopped before it ended: the scheduler's entry belongs to a newer poll,
        // or to none
      }
      Instant now = clock.instant();
      if (done.failure().isPresent()) {
        scheduler.failed(done.accountId(), done.failure().get(), now);
      } else {
        scheduler.completed(done.accountId(), now);
      }
    }
    for (IntegratedAccount account : scheduler.startDue(clock.instant())) {
      long run = ++runs;
      running.started(account.getId(), run, pool.submit(() -> pollOnce(account, run)));
    }
  }

  private void progressed() {
    health = new PollerHealth(PollerHealth.Phase.RUNNING, clock.instant(), 0, Optional.empty());
  }

  /**
   * A record that does not deserialize (not Avro, not framed for the registry, over the decoding
   * bounds): dead-lettered, then skipped, with a WARN (bad input, not a failure of Roster's).
   */
  private void skipUnreadable(RecordDeserializationException e) {
    String key =
        e.keyBuffer() == null
            ? ""
            : StandardCharsets.UTF_8.decode(e.keyBuffer().duplicate()).toString();
    String reason = UnreadableAccountRecord.reason(e);
    LOG.warn("Skipping {}", reason);
    deadLetter(key, reason, bytes(e.valueBuffer()));
    consumer.seek(e.topicPartition(), e.offset() + 1);
  }

  private void deadLetter(String accountId, String reason, byte[] raw) {
    try {
      deadLetters.write(SOURCE, accountId, reason, raw);
    } catch (RuntimeException e) {
      LOG.error("Could not dead-letter an account record ({}): {}", reason, e.toString());
    }
  }

  private static byte[] bytes(ByteBuffer buffer) {
    if (buffer == null) {
      return null;
    }
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }

  private void apply(ConsumerRecord<String, IntegratedAccount> record) {
    Instant now = clock.instant();
    if (record.value() == null) {
      forget(record.key());
      return;
    }
    partitionOf.put(record.key(), record.partition());
    ownership.owned(record.value());
    scheduler.upsert(record.value(), now);
    if (!record.value().getEnabled()) {
      running.stop(record.key());
    }
  }

  /** Partitions were added or taken away: tells the owner what this instance owns now. */
  private void owned(Collection<TopicPartition> changed, boolean added) {
    List<Integer> numbers = changed.stream().map(TopicPartition::partition).toList();
    if (added) {
      ownedPartitions.addAll(numbers);
    } else {
      ownedPartitions.removeAll(numbers);
    }
    try {
      ownershipChanged.accept(
          new AccountsOwnership(
              ownedPartitions, consumer.partitionsFor(accountsTopic.name()).size()));
    } catch (RuntimeException e) {
      // What follows from ownership must not break the rebalance; the next change tells it again.
      LOG.error(
          "Could not act on owning partitions {} of {}", ownedPartitions, accountsTopic.name(), e);
    }
  }

  private void forgetAccountsOf(Collection<TopicPartition> partitions) {
    List<Integer> gone = partitions.stream().map(TopicPartition::partition).toList();
    partitionOf.entrySet().stream()
        .filter(e -> gone.contains(e.getValue()))
        .map(Map.Entry::getKey)
        .toList()
        .forEach(this::forget);
  }

  private void forget(String accountId) {
    running.stop(accountId);
    scheduler.remove(accountId);
    partitionOf.remove(accountId);
    ownership.released(accountId);
  }

  private void pollOnce(IntegratedAccount account, long run) {
    Optional<PollFailure> outcome;
    try {
      outcome = runner.poll(account);
    } catch (InterruptedException e) {
      LOG.info(
          "Poll of account {} stopped before it completed; it removes nothing", account.getId());
      return;
    } catch (RuntimeException e) {
      LOG.error("Poll of account {} failed unexpectedly", account.getId(), e);
      outcome = Optional.of(new PollFailure(ErrorCategory.INTERNAL, Optional.empty(), false));
    }
    finished.add(new Finished(account.getId(), run, outcome));
  }

  private Duration sleep() {
    Instant next = scheduler.nextDue();
    if (next == null || !finished.isEmpty()) {
      return finished.isEmpty() ? MAX_SLEEP : Duration.ZERO;
    }
    Duration until = Duration.between(clock.instant(), next);
    return until.isNegative() ? Duration.ZERO : until.compareTo(MAX_SLEEP) > 0 ? MAX_SLEEP : until;
  }

  /**
   * Running polls are interrupted and awaited, so none writes after this instance has left the
   * group (the accounts' next owner may start at once); then the consumer leaves its group.
   */
  private void stopPolls() {
    long deadline = stopping ? stopDeadline : System.nanoTime() + DEFAULT_STOP_BUDGET.toNanos();
    running.stopAll();
    pool.shutdownNow();
    try {
      if (!pool.awaitTermination(remaining(deadline).toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("Some polls had not ended when the time to stop ran out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    consumer.close(CloseOptions.timeout(remaining(deadline)));
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }

  /**
   * Stops polling within {@code budget}: no poll starts any more, running polls are interrupted (no
   * marker is written for them), then the consumer leaves its group.
   */
  public void close(Duration budget) {
    stopDeadline = System.nanoTime() + budget.toNanos();
    stopping = true;
    stopRequested.countDown();
    if (!loop.isAlive() && health.phase() == PollerHealth.Phase.STARTING) {
      consumer.close(CloseOptions.timeout(Duration.ZERO));
      pool.shutdownNow();
      return;
    }
    consumer.wakeup();
    try {
      loop.join(Math.max(1, remaining(stopDeadline).toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(DEFAULT_STOP_BUDGET);
  }
}
