package dev.roster.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.detect.DetectorErrors.Kind;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;
import org.rocksdb.RocksDBException;

class DetectorErrorsTest {

  @Test
  void anObservationsOwnTroubleIsADataError() {
    assertThat(DetectorErrors.classify(new IllegalStateException("clock broken")))
        .isEqualTo(Kind.DATA);
    assertThat(DetectorErrors.classify(new NullPointerException())).isEqualTo(Kind.DATA);
    assertThat(
            DetectorErrors.classify(
                new SerializationException("registry unreachable for subject x")))
        .isEqualTo(Kind.DATA);
    assertThat(
            DetectorErrors.classify(new UncheckedIOException(new java.io.IOException("bad json"))))
        .isEqualTo(Kind.DATA);
  }

  @Test
  void aFailingStoreIsAStoreErrorWhereverItIsInTheChain() {
    ProcessorStateException put =
        new ProcessorStateException(
            "Error while putting key into store users",
            new RocksDBException("IO error: No space left on device"));

    assertThat(DetectorErrors.classify(put)).isEqualTo(Kind.STORE);
    assertThat(DetectorErrors.classify(new IllegalStateException("while storing", put)))
        .isEqualTo(Kind.STORE);
    assertThat(DetectorErrors.classify(new InvalidStateStoreException("store users is closed")))
        .isEqualTo(Kind.STORE);
    assertThat(
            DetectorErrors.classify(
                new RuntimeException(new RocksDBException("Corruption: bad block"))))
        .isEqualTo(Kind.STORE);
  }

  @Test
  void kafkaFailingUnderTheDetectorIsAKafkaError() {
    assertThat(
            DetectorErrors.classify(
                new StreamsException(
                    "Error encountered sending record", new TimeoutException("expired"))))
        .isEqualTo(Kind.KAFKA);
    assertThat(DetectorErrors.classify(new RecordTooLargeException("too large")))
        .isEqualTo(Kind.KAFKA);
  }
}
