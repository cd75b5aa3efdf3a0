package dev.roster.poll;

import dev.roster.avro.IntegratedAccount;
import dev.roster.detect.RemovalGuardSettings;
import dev.roster.kafka.ConsumerProps;
import dev.roster.kafka.ProducerCompression;
import dev.roster.topics.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compacted roster.accounts topic as a table: read it whole, or make it equal a list of
 * accounts (writing only the accounts that changed, and a tombstone for each account no longer
 * listed, unless {@link AccountRemovalGuard} holds it). The writes are idempotent; one instance at
 * a time syncs (the one that leads, see {@link AccountsOwnership}).
 */
public final class AccountsTable {

  private static final Logger LOG = LoggerFactory.getLogger(AccountsTable.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final TopicSpec<String, IntegratedAccount> topic;
  private final Map<String, Object> kafkaClientProps;

  public AccountsTable(
      TopicSpec<String, IntegratedAccount> topic, Map<String, Object> kafkaClientProps) {
    this.topic = topic;
    this.kafkaClientProps = Map.copyOf(kafkaClientProps);
  }

  /**
   * Every account in the table now, by id. A record that cannot be read is left out, with a WARN
   * (docs/architecture.md#bounded-decoding).
   */
  public Map<String, IntegratedAccount> read() {
    Map<String, Object> props = ConsumerProps.of(kafkaClientProps);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, IntegratedAccount> accounts = new LinkedHashMap<>();
    try (var consumer =
        new KafkaConsumer<>(
            props, topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic.name(), TIMEOUT).stream()
              .map(info -> new TopicPartition(topic.name(), info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p, TIMEOUT) < ends.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Timed out reading the accounts table '" + topic.name() + "'");
        }
        ConsumerRecords<String, IntegratedAccount> records;
        try {
          records = consumer.poll(Duration.ofMillis(200));
        } catch (RecordDeserializationException e) {
          // The poller dead-letters it (it reads every record of the partitions it owns): here it
          // is only left out of the table.
          LOG.warn(
              "Accounts table '{}': skipping {}", topic.name(), UnreadableAccountRecord.reason(e));
          consumer.seek(e.topicPartition(), e.offset() + 1);
          continue;
        }
        records.forEach(
            record -> {
              if (record.value() == null) {
                accounts.remove(record.key());
              } else {
                accounts.put(record.key(), record.value());
              }
            });
      }
    }
    return accounts;
  }

  /** What one {@link #sync} wrote and what its guard decided. */
  public record Synced(int written, AccountRemovals removals) {}

  /**
   * Makes the table hold {@code accounts}, but for the accounts the guard holds back ({@link
   * AccountRemovalGuard}): those stay as they are.
   *
   * @param missedBefore what the previous sync's guard held ({@link AccountRemovals#held()}), empty
   *     when there was none
   */
  public Synced sync(
      List<IntegratedAccount> accounts,
      Map<String, Integer> missedBefore,
      RemovalGuardSettings guard) {
    Map<String, IntegratedAccount> current = read();
    Map<String, IntegratedAccount> wanted =
        accounts.stream()
            .collect(
                Collectors.toMap(
                    IntegratedAccount::getId,
                    account -> account,
                    (first, second) -> first,
                    LinkedHashMap::new));
    AccountRemovals removals =
        AccountRemovalGuard.judge(current, wanted.values(), missedBefore, guard);
    removals
        .holdReason()
        .ifPresent(
            reason ->
                LOG.warn(
                    "Accounts table '{}': discovery's answer is held: {}; accounts kept for now: {}",
                    topic.name(),
                    reason,
                    removals.held().size()));
    Map<String, Object> props = new HashMap<>(kafkaClientProps);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, ProducerCompression.TYPE);
    List<Future<?>> writes = new ArrayList<>();
    try (var producer =
        new KafkaProducer<>(
            props, topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      for (IntegratedAccount account : wanted.values()) {
        if (!Objects.equals(current.get(account.getId()), account)) {
          writes.add(producer.send(new ProducerRecord<>(topic.name(), account.getId(), account)));
        }
      }
      for (String gone : removals.remove()) {
        writes.add(producer.send(new ProducerRecord<>(topic.name(), gone, null)));
      }
      for (Future<?> write : writes) {
        write.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "Interrupted while writing the accounts table '" + topic.name() + "'", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "Could not write the accounts table '" + topic.name() + "': " + e.getCause().getMessage(),
          e);
    }
    int written = writes.size();
    if (written > 0) {
      LOG.info(
          "Accounts table '{}' updated: {} accounts, {} records written",
          topic.name(),
          wanted.size() + removals.held().size(),
          written);
    }
    return new Synced(written, removals);
  }
}
