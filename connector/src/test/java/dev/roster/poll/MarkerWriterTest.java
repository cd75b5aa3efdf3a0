package dev.roster.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.avro.Observation;
import dev.roster.avro.UserKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.InterruptException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MarkerWriterTest {

  /** A producer whose commit is interrupted, as a poll stopped by shutdown is. */
  private static final class InterruptedCommit extends MockProducer<UserKey, Observation> {
    final List<Boolean> interruptedAtClose = new ArrayList<>();
    final List<Duration> closeTimeouts = new ArrayList<>();

    InterruptedCommit() {
      super(true, null, (topic, key) -> new byte[0], (topic, value) -> new byte[0]);
    }

    @Override
    public void commitTransaction() {
      Thread.currentThread().interrupt();
      throw new InterruptException("interrupted while committing");
    }

    @Override
    public void close(Duration timeout) {
      interruptedAtClose.add(Thread.currentThread().isInterrupted());
      closeTimeouts.add(timeout);
      super.close(timeout);
    }
  }

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  @Test
  void aProducerDiscardedByAnInterruptedPollClosesUninterruptedAndTheInterruptIsKept() {
    InterruptedCommit producer = new InterruptedCommit();
    MarkerWriter markers = new MarkerWriter(() -> producer);

    assertThatThrownBy(
            () ->
                markers.writeAll(
                    "roster.observations",
                    new UserKey("account", ""),
                    List.of(new Observation(), new Observation())))
        .isInstanceOf(InterruptException.class);

    assertThat(producer.interruptedAtClose)
        .as("closed once, not interrupted, so that it joins its I/O thread without an ERROR")
        .containsExactly(false);
    assertThat(producer.closeTimeouts)
        .as("at once: shutdown is under way")
        .containsExactly(Duration.ZERO);
    assertThat(producer.closed()).isTrue();
    assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept").isTrue();
  }
}
