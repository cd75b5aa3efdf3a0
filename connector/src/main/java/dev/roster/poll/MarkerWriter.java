package dev.roster.poll;

import dev.roster.avro.Observation;
import dev.roster.avro.UserKey;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one poll's markers, one per partition of roster.observations, in one Kafka transaction:
 * every partition gets its marker or none does. Half-written markers would let some partitions
 * remove users and finish their baseline while the others did not, and they would disagree from
 * then on. The detector reads read_committed, so it never sees the markers of a transaction that
 * did not commit.
 *
 * <p>One transactional producer, used by one poll at a time (a marker transaction takes
 * milliseconds). After any failure it is closed, which aborts its open transaction, and the next
 * poll gets a new one with the same transactional.id, whose initialisation fences whatever the old
 * one may have left behind.
 */
final class MarkerWriter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MarkerWriter.class);

  /**
   * A graceful close aborts the open transaction; closing at once would leave it to the broker's
   * timeout.
   */
  private static final Duration ABORT_GRACE = Duration.ofSeconds(5);

  private final Supplier<Producer<UserKey, Observation>> producers;
  private Producer<UserKey, Observation> producer;

  /**
   * @param producers makes a transactional producer, always with the same transactional.id
   */
  MarkerWriter(Supplier<Producer<UserKey, Observation>> producers) {
    this.producers = producers;
  }

  /**
   * Writes {@code markers.get(p)} to partition p of {@code topic}, for every p, atomically; throws
   * when it did not commit.
   */
  synchronized void writeAll(String topic, UserKey key, List<Observation> markers) {
    Producer<UserKey, Observation> transactional = producer();
    try {
      transactional.beginTransaction();
      for (int partition = 0; partition < markers.size(); partition++) {
        transactional.send(new ProducerRecord<>(topic, partition, key, markers.get(partition)));
      }
      transactional.commitTransaction(); // throws the error of any send that failed
    } catch (RuntimeException e) {
      discard();
      throw e;
    }
  }

  private Producer<UserKey, Observation> producer() {
    if (producer == null) {
      Producer<UserKey, Observation> fresh = producers.get();
      try {
        fresh.initTransactions();
      } catch (RuntimeException e) {
        closeQuietly(fresh);
        throw e;
      }
      producer = fresh;
    }
    return producer;
  }

  private void discard() {
    closeQuietly(producer);
    producer = null;
  }

  /**
   * Closes, aborting the open transaction if any, so the read_committed detector is not held up
   * until the broker times it out; a failure to close must not hide why it is closed.
   */
  private static void closeQuietly(Producer<UserKey, Observation> failed) {
    // A poll stopped by shutdown arrives here interrupted, and shutdown may interrupt it again
    // while it waits: the producer's close then gives up joining its I/O thread and logs that at
    // ERROR. So at shutdown it closes at once, without the abort (the broker aborts the open
    // transaction after its timeout, as for a writer that died), and the interrupt is kept.
    boolean interrupted = Thread.interrupted();
    try {
      failed.close(interrupted ? Duration.ZERO : ABORT_GRACE);
    } catch (RuntimeException e) {
      LOG.debug("Closing the marker producer after a failure failed too: {}", e.toString());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public synchronized void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(10));
      producer = null;
    }
  }
}
