package dev.roster.poll;

import org.apache.kafka.common.errors.RecordDeserializationException;

/**
 * A record of roster.accounts that does not deserialize: not Avro, not framed for the registry, or
 * an Avro body that breaks the decoding bounds (docs/architecture.md#bounded-decoding). Whoever
 * reads the table skips it and goes on.
 */
final class UnreadableAccountRecord {

  private UnreadableAccountRecord() {}

  /** Where the record is and why it cannot be read, for logs and the dead letter. */
  static String reason(RecordDeserializationException e) {
    return "account record at "
        + e.topicPartition()
        + " offset "
        + e.offset()
        + " cannot be read ("
        + e.origin()
        + "): "
        + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
  }
}
