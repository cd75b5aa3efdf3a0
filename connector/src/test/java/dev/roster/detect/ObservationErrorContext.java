package dev.roster.detect;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;

/**
 * Where a Streams handler test's failure happened: an observation at offset 42 of partition 1 of
 * the observations topic.
 */
record ObservationErrorContext(
    String topic, int partition, long offset, byte[] sourceRawKey, byte[] sourceRawValue)
    implements ErrorHandlerContext {

  static final String OBSERVATIONS = "roster.observations";

  static ObservationErrorContext of(String value) {
    return new ObservationErrorContext(
        OBSERVATIONS,
        1,
        42,
        "acct/u1".getBytes(StandardCharsets.UTF_8),
        value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public Headers headers() {
    return new RecordHeaders();
  }

  @Override
  public String processorNodeId() {
    return DetectorTopology.PROCESSOR;
  }

  @Override
  public TaskId taskId() {
    return new TaskId(0, partition);
  }

  @Override
  public long timestamp() {
    return 0;
  }
}
