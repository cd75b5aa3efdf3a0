package dev.roster.poll;

import dev.roster.avro.IntegratedAccount;
import dev.roster.kafka.TopicSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll loop: reads the accounts table (roster.accounts, compacted) through a consumer group, so
 * the instances of one application split the accounts between them and an account moves when its
 * instance dies; keeps the {@link PollScheduler} up to date; starts due polls on a bounded pool.
 * When partitions are taken away, their polls are interrupted (they end without a completion
 * marker) before the new owner may start, so one account is never polled twice at once.
 */
public final class Poller implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Poller.class);
  private static final Duration MAX_SLEEP = Duration.ofMillis(500);

  private record Finished(String accountId, Optional<PollFailure> failure) {}

  private final TopicSpec<String, IntegratedAccount> accountsTopic;
  private final KafkaConsumer<String, IntegratedAccount> consumer;
  private final PollScheduler scheduler;
  private final PollRunner runner;
  private final ExecutorService pool;
  private final Clock clock;
  private final AccountOwnership ownership;
  private final Map<String, Future<?>> running = new HashMap<>();
  private final Map<String, Integer> partitionOf = new HashMap<>();
  private final ConcurrentLinkedQueue<Finished> finished = new ConcurrentLinkedQueue<>();
  private final Thread loop;
  private volatile boolean stopping;

  public Poller(TopicSpec<String, IntegratedAccount> accountsTopic, Map<String, Object> kafkaClientProps, String groupId,
      PollScheduler scheduler, PollRunner runner, int concurrency, Clock clock, AccountOwnership ownership) {
    this.accountsTopic = accountsTopic;
    Map<String, Object> props = new HashMap<>(kafkaClientProps);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    this.consumer = new KafkaConsumer<>(props, accountsTopic.keySerde().deserializer(), accountsTopic.valueSerde().deserializer());
    this.scheduler = scheduler;
    this.runner = runner;
    this.clock = clock;
    this.ownership = ownership;
    this.pool = Executors.newFixedThreadPool(concurrency, runnable -> new Thread(runnable, "roster-poll"));
    this.loop = new Thread(this::run, "roster-poller");
  }

  public void start() {
    loop.start();
  }

  private void run() {
    consumer.subscribe(List.of(accountsTopic.name()), new ConsumerRebalanceListener() {
      @Override
      public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        // The table is compacted and small: read assigned partitions from the start to know every account.
        consumer.seekToBeginning(partitions);
        LOG.info("Polling the accounts of partitions {}", partitions);
      }

      @Override
      public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        List<Integer> lost = partitions.stream().map(TopicPartition::partition).toList();
        List<String> accounts = partitionOf.entrySet().stream().filter(e -> lost.contains(e.getValue())).map(Map.Entry::getKey).toList();
        accounts.forEach(Poller.this::forget);
        LOG.info("Gave up the accounts of partitions {}", partitions);
      }
    });
    try {
      while (!stopping) {
        for (ConsumerRecord<String, IntegratedAccount> record : consumer.poll(sleep())) {
          apply(record);
        }
        Finished done;
        while ((done = finished.poll()) != null) {
          running.remove(done.accountId());
          Instant now = clock.instant();
          if (done.failure().isPresent()) {
            scheduler.failed(done.accountId(), done.failure().get(), now);
          } else {
            scheduler.completed(done.accountId(), now);
          }
        }
        for (IntegratedAccount account : scheduler.startDue(clock.instant())) {
          running.put(account.getId(), pool.submit(() -> pollOnce(account)));
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      running.values().forEach(future -> future.cancel(true));
      consumer.close();
    }
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
      stopPoll(record.key());
    }
  }

  private void forget(String accountId) {
    stopPoll(accountId);
    scheduler.remove(accountId);
    partitionOf.remove(accountId);
    ownership.released(accountId);
  }

  private void stopPoll(String accountId) {
    Future<?> poll = running.remove(accountId);
    if (poll != null) {
      poll.cancel(true); // an interrupted poll ends without its completion marker
    }
  }

  private void pollOnce(IntegratedAccount account) {
    Optional<PollFailure> failure;
    try {
      failure = runner.poll(account);
    } catch (InterruptedException e) {
      LOG.info("Poll of account {} stopped before it completed; it removes nothing", account.getId());
      return;
    } catch (RuntimeException e) {
      LOG.error("Poll of account {} failed unexpectedly", account.getId(), e);
      failure = Optional.of(new PollFailure(dev.roster.avro.ErrorCategory.INTERNAL, Optional.empty(), false));
    }
    finished.add(new Finished(account.getId(), failure));
  }

  private Duration sleep() {
    Instant next = scheduler.nextDue();
    if (next == null || !finished.isEmpty()) {
      return finished.isEmpty() ? MAX_SLEEP : Duration.ZERO;
    }
    Duration until = Duration.between(clock.instant(), next);
    return until.isNegative() ? Duration.ZERO : until.compareTo(MAX_SLEEP) > 0 ? MAX_SLEEP : until;
  }

  /** Stops polling: running polls are interrupted (no marker is written for them), then the consumer leaves its group. */
  @Override
  public void close() {
    stopping = true;
    consumer.wakeup();
    try {
      loop.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pool.shutdownNow();
    try {
      pool.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
