package dev.roster.kafka;

import dev.roster.topics.TopicSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Puts what Roster could not use on the dead-letter topic: the raw input as the value, and why,
 * where from and when in headers, so an operator can read, fix and replay it. The rest goes on.
 */
public final class DeadLetterWriter implements AutoCloseable {

  public static final String REASON = "roster.error.reason";
  public static final String ACCOUNT = "roster.integrated_account_id";
  public static final String POLL = "roster.poll_id";
  public static final String SOURCE = "roster.source";

  /** Present when the value is cut: the length of the whole raw input, in bytes. */
  public static final String RAW_BYTES = "roster.error.raw_bytes";

  /** Most raw bytes one dead letter carries; well under Kafka's default 1 MB record limit. */
  public static final int MAX_RAW_BYTES = 256 * 1024;

  private final TopicSpec<byte[], byte[]> topic;
  private final KafkaProducer<byte[], byte[]> producer;

  public DeadLetterWriter(TopicSpec<byte[], byte[]> topic, Map<String, Object> kafkaClientProps) {
    this.topic = topic;
    Map<String, Object> props = new HashMap<>(kafkaClientProps);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, ProducerCompression.TYPE);
    props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "roster-dead-letters");
    this.producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * Sends one dead letter; failures to send are logged by the producer and do not stop the poll.
   */
  public void write(String source, String accountId, long pollId, String reason, String raw) {
    write(source, accountId, pollId, reason, raw == null ? null : utf8(raw));
  }

  /**
   * Sends one dead letter whose raw input is bytes, e.g. a page that is not valid UTF-8. Input over
   * {@link #MAX_RAW_BYTES} keeps its start, and {@link #RAW_BYTES} says how long it was, so one
   * huge page cannot exceed Kafka's record size and lose the dead letter altogether.
   */
  public void write(String source, String accountId, long pollId, String reason, byte[] raw) {
    send(source, accountId, pollId, reason, raw);
  }

  /**
   * Sends one dead letter that belongs to no poll, e.g. a record of the accounts table that cannot
   * be read: no {@link #POLL} header.
   *
   * @param accountId the account the input was about, as far as it can be told (the record's key)
   */
  public void write(String source, String accountId, String reason, byte[] raw) {
    send(source, accountId, null, reason, raw);
  }

  private void send(String source, String accountId, Long pollId, String reason, byte[] raw) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(REASON, utf8(reason));
    headers.add(ACCOUNT, utf8(accountId));
    if (pollId != null) {
      headers.add(POLL, utf8(Long.toString(pollId)));
    }
    headers.add(SOURCE, utf8(source));
    byte[] value = raw;
    if (raw != null && raw.length > MAX_RAW_BYTES) {
      headers.add(RAW_BYTES, utf8(Integer.toString(raw.length)));
      value = Arrays.copyOf(raw, MAX_RAW_BYTES);
    }
    producer.send(new ProducerRecord<>(topic.name(), null, utf8(accountId), value, headers));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }

  /** Sends what is still buffered, waiting at most {@code budget}, then releases the producer. */
  public void close(Duration budget) {
    producer.close(budget);
  }
}
