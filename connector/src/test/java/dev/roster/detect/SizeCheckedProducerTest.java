package dev.roster.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.internal.AbstractRecords;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class SizeCheckedProducerTest {

  private final MockProducer<byte[], byte[]> kafka =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final SizeCheckedProducer producer = new SizeCheckedProducer(kafka, 10_000);

  @Test
  void aRecordTooLargeFailsAloneAndNeverReachesTheProducer() {
    AtomicReference<Exception> failure = new AtomicReference<>();

    Future<?> sent =
        producer.send(
            new ProducerRecord<>("roster.user-events", new byte[20], new byte[10_000]),
            (metadata, e) -> failure.set(e));

    assertThat(failure.get())
        .isInstanceOf(RecordTooLargeException.class)
        .hasMessageContaining("max.request.size")
        .hasMessageContaining("roster.user-events");
    assertThatThrownBy(sent::get).hasCauseInstanceOf(RecordTooLargeException.class);
    assertThat(kafka.history()).isEmpty();
  }

  @Test
  void aRecordThatFitsIsSent() {
    producer.send(
        new ProducerRecord<>("roster.user-events", new byte[20], new byte[9_000]),
        (metadata, e) -> {});

    assertThat(kafka.history()).hasSize(1);
  }

  /**
   * Never under what the producer counts, so that the producer never refuses a record first; and
   * not much over it.
   */
  @Property(tries = 200)
  void theBoundIsAtLeastTheProducersOwnEstimate(
      @ForAll @IntRange(max = 5_000) int keySize,
      @ForAll @IntRange(max = 200_000) int valueSize,
      @ForAll @StringLength(max = 40) String headerKey,
      @ForAll @IntRange(max = 300) int headerValueSize,
      @ForAll @IntRange(max = 6) int headerCount) {
    RecordHeaders headers = new RecordHeaders();
    for (int i = 0; i < headerCount; i++) {
      headers.add(headerKey + i, new byte[headerValueSize]);
    }
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>("t", null, new byte[keySize], new byte[valueSize], headers);

    int producers =
        AbstractRecords.estimateSizeInBytesUpperBound(
            RecordBatch.CURRENT_MAGIC_VALUE,
            CompressionType.NONE,
            record.key(),
            record.value(),
            headers.toArray());
    int ours = SizeCheckedProducer.sizeUpperBound(record);

    assertThat(ours).isGreaterThanOrEqualTo(producers);
    assertThat(ours - producers)
        .isLessThanOrEqualTo(
            16
                + headerCount
                    * (16 + 2 * (headerKey + headerCount).getBytes(StandardCharsets.UTF_8).length));
  }
}
