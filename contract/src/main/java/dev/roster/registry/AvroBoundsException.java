package dev.roster.registry;

import org.apache.kafka.common.errors.SerializationException;

/**
 * An Avro body that declares more than it holds: a string, bytes or collection larger than the
 * bytes left, a union branch or enum symbol its schema does not have, nesting deeper than any
 * Roster schema. A data error of that one record, never decoded, so it cannot make the reader
 * allocate what it declares (docs/architecture.md#bounded-decoding).
 */
public final class AvroBoundsException extends SerializationException {

  AvroBoundsException(String message) {
    super(message);
  }
}
