package dev.roster.cli;

import dev.roster.kafka.DeadLetterWriter;
import dev.roster.kafka.TopicFollower;
import dev.roster.testing.KafkaBroker;
import dev.roster.topics.TopicSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Every record of the dead-letter topic, with the headers that say why, read_committed from the
 * beginning.
 */
final class DeadLetters implements AutoCloseable {

  /**
   * One dead letter: whose, why, from which stage, and the raw input (may be null); {@code
   * streamsReason} is the message Kafka Streams' dead-letter queue gives a record it could not read
   * or process (null on Roster's own dead letters).
   */
  record DeadLetter(
      String accountId, String reason, String source, byte[] value, String streamsReason) {
    String valueText() {
      return value == null ? "" : new String(value, StandardCharsets.UTF_8);
    }
  }

  /** Kafka Streams' dead-letter header with the exception's message (KIP-1034). */
  private static final String STREAMS_REASON = "__streams.errors.message";

  private final List<DeadLetter> letters = new CopyOnWriteArrayList<>();
  private final TopicFollower follower;

  DeadLetters(TopicSpec<byte[], byte[]> deadLetterTopic) {
    follower =
        new TopicFollower(
            "tail-" + deadLetterTopic.name(),
            List.of(deadLetterTopic),
            Map.of("bootstrap.servers", KafkaBroker.bootstrapServers()),
            this::add,
            () -> {});
  }

  private void add(ConsumerRecord<byte[], byte[]> record) {
    letters.add(
        new DeadLetter(
            header(record, DeadLetterWriter.ACCOUNT),
            header(record, DeadLetterWriter.REASON),
            header(record, DeadLetterWriter.SOURCE),
            record.value(),
            header(record, STREAMS_REASON)));
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
    Header header = record.headers().lastHeader(key);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  List<DeadLetter> of(String accountId) {
    return letters.stream().filter(letter -> accountId.equals(letter.accountId())).toList();
  }

  List<DeadLetter> all() {
    return List.copyOf(letters);
  }

  @Override
  public void close() throws InterruptedException {
    follower.close();
  }
}
