package dev.roster.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.kafka.DeadLetterWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/**
 * What the detector's Streams handlers decide: go on (with a dead letter) for one record's trouble,
 * stop for the stores' or Kafka's.
 */
class DetectorExceptionHandlersTest {

  private static final String DEAD_LETTER = "roster.dead-letter";
  private static final Map<String, Object> CONFIG =
      Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, DEAD_LETTER);

  private final DetectorProductionExceptionHandler production =
      new DetectorProductionExceptionHandler();
  private final DetectorProcessingExceptionHandler processing =
      new DetectorProcessingExceptionHandler();
  private final ProducerRecord<byte[], byte[]> event =
      new ProducerRecord<>("roster.user-events", new byte[10], new byte[2_000_000]);

  DetectorExceptionHandlersTest() {
    production.configure(CONFIG);
    processing.configure(CONFIG);
  }

  @Test
  void aRecordTooLargeForKafkaGoesToTheDeadLetterCutToFitWithTheReasonAndTheDetectorGoesOn() {
    ProductionExceptionHandler.Response response =
        production.handleError(
            ObservationErrorContext.of("observation-bytes"),
            event,
            new RecordTooLargeException(
                "The message is 2000123 bytes when serialized which is larger than 1048576"));

    assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
    assertThat(response.deadLetterQueueRecords())
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(letter.topic()).isEqualTo(DEAD_LETTER);
              assertThat(letter.key()).isSameAs(event.key());
              assertThat(letter.value()).hasSize(DeadLetterWriter.MAX_RAW_BYTES);
              assertThat(headers(letter))
                  .anySatisfy(text -> assertThat(text).contains("2000123 bytes"))
                  .contains("2000000");
            });
  }

  @Test
  void aDeadLetterCutToHalfASmallMaxRequestSizeAndOneTooLargeItselfIsDroppedNotSentAgain() {
    DetectorProductionExceptionHandler smallRequests = new DetectorProductionExceptionHandler();
    smallRequests.configure(
        Map.of(
            StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG,
            DEAD_LETTER,
            "producer.max.request.size",
            "12000"));
    RecordTooLargeException tooLarge = new RecordTooLargeException("too large");

    assertThat(
            smallRequests
                .handleError(ObservationErrorContext.of("o"), event, tooLarge)
                .deadLetterQueueRecords())
        .singleElement()
        .satisfies(letter -> assertThat(letter.value()).hasSize(6000));
    ProducerRecord<byte[], byte[]> letter =
        new ProducerRecord<>(DEAD_LETTER, new byte[10], new byte[20_000]);
    ProductionExceptionHandler.Response forTheLetter =
        smallRequests.handleError(ObservationErrorContext.of("o"), letter, tooLarge);
    assertThat(forTheLetter.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
    assertThat(forTheLetter.deadLetterQueueRecords()).isEmpty();
  }

  @Test
  void otherProductionFailuresAreRetriedWhenTheyMayPassAndOtherwiseStopTheDetector() {
    assertThat(
            production
                .handleError(
                    ObservationErrorContext.of("o"), event, new TimeoutException("expired"))
                .result())
        .isEqualTo(ProductionExceptionHandler.Result.RETRY);
    assertThat(
            production
                .handleError(
                    ObservationErrorContext.of("o"), event, new AuthorizationException("denied"))
                .result())
        .isEqualTo(ProductionExceptionHandler.Result.FAIL);
  }

  @Test
  void anObservationThatFailsToProcessIsDeadLetteredAndSkipped() {
    ProcessingExceptionHandler.Response response =
        processing.handleError(
            ObservationErrorContext.of("observation-bytes"),
            new Record<>("key", "value", 0L),
            new IllegalStateException("clock broken"));

    assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
    assertThat(response.deadLetterQueueRecords())
        .singleElement()
        .satisfies(
            letter ->
                assertThat(new String(letter.value(), StandardCharsets.UTF_8))
                    .isEqualTo("observation-bytes"));
  }

  @Test
  void aStoreThatFailsStopsTheDetectorInsteadOfSkippingEveryObservationAfterIt() {
    ProcessingExceptionHandler.Response response =
        processing.handleError(
            ObservationErrorContext.of("observation-bytes"),
            new Record<>("key", "value", 0L),
            new ProcessorStateException("Error while putting key/value into store users"));

    assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
    assertThat(response.deadLetterQueueRecords()).isEmpty();
  }

  private static List<String> headers(ProducerRecord<byte[], byte[]> record) {
    return Arrays.stream(record.headers().toArray())
        .map(Header::value)
        .map(value -> new String(value, StandardCharsets.UTF_8))
        .toList();
  }
}
