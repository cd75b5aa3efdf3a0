package dev.roster.detect;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.rocksdb.RocksDBException;

/**
 * Tells what went wrong while the detector processed an observation. A data error (an observation
 * the rules cannot handle, a bug, a value that does not serialize) concerns that observation alone:
 * it is dead-lettered and the rest go on, and the next poll brings the user again. A store or Kafka
 * error (RocksDB cannot write, the producer failed) would strike every observation after it as
 * well, and skipping them would commit their offsets without their changes: the detector must stop
 * instead, and the process with it, so it restarts on its changelogs.
 */
public final class DetectorErrors {

  /** What kind of failure an exception is. */
  public enum Kind {
    /** One observation's problem: skip it and go on. */
    DATA,
    /** The state stores failed (RocksDB, the state directory): stop. */
    STORE,
    /** Kafka failed under the detector (producer, broker): stop. */
    KAFKA
  }

  private DetectorErrors() {}

  /**
   * The kind of {@code failure}, judged by it and its causes: a store or Kafka failure anywhere in
   * the chain wins.
   */
  public static Kind classify(Throwable failure) {
    boolean kafka = false;
    for (Throwable cause = failure;
        cause != null;
        cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof ProcessorStateException
          || cause instanceof InvalidStateStoreException
          || cause instanceof RocksDBException) {
        return Kind.STORE;
      }
      kafka |= cause instanceof KafkaException && !(cause instanceof SerializationException);
    }
    return kafka ? Kind.KAFKA : Kind.DATA;
  }
}
