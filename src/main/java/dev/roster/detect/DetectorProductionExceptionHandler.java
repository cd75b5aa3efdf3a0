package dev.roster.detect;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.DefaultProductionExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An output record Kafka refuses as too large (a user or event over max.request.size, despite the
 * poller's caps) goes to the dead letter as the observation that produced it, with Kafka Streams'
 * headers giving the reason, and the detector goes on; anything else is handled as by default:
 * retried when Kafka says it may pass, else the detector stops.
 */
public final class DetectorProductionExceptionHandler extends DefaultProductionExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(DetectorProductionExceptionHandler.class);

  @Override
  public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
    Response byDefault = super.handleError(context, record, exception);
    if (!(exception instanceof RecordTooLargeException)) {
      return byDefault;
    }
    LOG.error("A record for {} ({} bytes of value) is too large for Kafka; the observation at {}-{} offset {} goes to the dead letter: {}",
        record.topic(), record.value() == null ? 0 : record.value().length, context.topic(), context.partition(), context.offset(),
        exception.getMessage());
    return Response.resume(byDefault.deadLetterQueueRecords());
  }
}
