package dev.roster.detect;

import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An observation that fails to process is logged, dead-lettered (Kafka Streams' dead-letter headers
 * say why) and skipped when the failure is its own; a store or Kafka failure stops the detector
 * instead (see {@link DetectorErrors}), since skipping would lose every change after it.
 */
public final class DetectorProcessingExceptionHandler
    extends LogAndContinueProcessingExceptionHandler {

  private static final Logger LOG =
      LoggerFactory.getLogger(DetectorProcessingExceptionHandler.class);

  @Override
  public Response handleError(
      ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    DetectorErrors.Kind kind = DetectorErrors.classify(exception);
    if (kind == DetectorErrors.Kind.DATA) {
      return super.handleError(context, record, exception);
    }
    LOG.error(
        "The detector cannot go on: a {} failure in task {} at {}-{} offset {}, not a bad observation",
        kind,
        context.taskId(),
        context.topic(),
        context.partition(),
        context.offset(),
        exception);
    return Response.fail();
  }
}
