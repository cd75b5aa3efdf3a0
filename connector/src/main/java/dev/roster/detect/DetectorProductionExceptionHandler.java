package dev.roster.detect;

import dev.roster.kafka.DeadLetterWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DefaultProductionExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An output record too large for Kafka (a user or event over max.request.size, despite the poller's
 * caps; refused by {@link SizeCheckedProducer} before it could fail the transaction) goes to the
 * dead letter and the detector goes on: Kafka Streams' dead-letter headers give the reason and
 * where the observation behind it was; the letter holds the refused record's key (the user) and the
 * start of its value, cut to half of max.request.size at most so that the letter itself fits
 * ({@link DeadLetterWriter#RAW_BYTES} says how long it was). Anything else is handled as by
 * default: retried when Kafka says it may pass, else the detector stops.
 */
public final class DetectorProductionExceptionHandler extends DefaultProductionExceptionHandler {

  private static final Logger LOG =
      LoggerFactory.getLogger(DetectorProductionExceptionHandler.class);

  private String deadLetterTopic;
  private int maxLetterValueBytes;

  @Override
  public void configure(Map<String, ?> configs) {
    super.configure(configs);
    deadLetterTopic =
        (String) configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
    Object producerOwn =
        configs.get(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
    int maxRequestSize =
        SizeCheckedProducer.maxRequestSize(
            producerOwn != null
                ? Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, producerOwn)
                : configs);
    maxLetterValueBytes = Math.min(DeadLetterWriter.MAX_RAW_BYTES, maxRequestSize / 2);
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
    Response byDefault = super.handleError(context, record, exception);
    if (!(exception instanceof RecordTooLargeException)) {
      return byDefault;
    }
    if (record.topic().equals(deadLetterTopic)) {
      LOG.error("A dead letter is too large for Kafka and is dropped: {}", exception.getMessage());
      return Response.resume();
    }
    LOG.error(
        "A record for {} ({} bytes of value) is too large for Kafka; it goes to the dead letter, cut, and the detector goes on "
            + "(observation at {}-{} offset {}): {}",
        record.topic(),
        length(record.value()),
        context.topic(),
        context.partition(),
        context.offset(),
        exception.getMessage());
    return Response.resume(
        byDefault.deadLetterQueueRecords().stream()
            .map(letter -> cutCopy(letter, record))
            .toList());
  }

  /**
   * {@code letter}'s topic and headers (Kafka Streams' reason and source), with the refused
   * record's key and the start of its value.
   */
  private ProducerRecord<byte[], byte[]> cutCopy(
      ProducerRecord<byte[], byte[]> letter, ProducerRecord<byte[], byte[]> refused) {
    RecordHeaders headers = new RecordHeaders(letter.headers().toArray());
    byte[] value = refused.value();
    if (value != null && value.length > maxLetterValueBytes) {
      headers.add(
          DeadLetterWriter.RAW_BYTES,
          Integer.toString(value.length).getBytes(StandardCharsets.UTF_8));
      value = Arrays.copyOf(value, maxLetterValueBytes);
    }
    return new ProducerRecord<>(letter.topic(), null, refused.key(), value, headers);
  }

  private static int length(byte[] bytes) {
    return bytes == null ? 0 : bytes.length;
  }
}
