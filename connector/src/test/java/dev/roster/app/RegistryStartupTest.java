package dev.roster.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.registry.SchemaRegistryException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RegistryStartupTest {

  private static final Duration TINY = Duration.ofMillis(5);

  private static SchemaRegistryException unreachable() {
    return new SchemaRegistryException.Unreachable(
        "Schema registry at http://registry:8081 is unreachable", new ConnectException("refused"));
  }

  @Test
  void waitsOutAnUnreachableRegistryAndServerErrors() {
    AtomicInteger calls = new AtomicInteger();
    new RegistryStartup(Duration.ofSeconds(30), TINY, TINY)
        .run(
            "register",
            () -> {
              int call = calls.incrementAndGet();
              if (call == 1) {
                throw unreachable();
              }
              if (call == 2) {
                throw new SchemaRegistryException("HTTP 503", 503, 50301, null);
              }
            });

    assertThat(calls).hasValue(3);
  }

  @Test
  void aRefusalFailsAtOnceBecauseWaitingCannotFixIt() {
    AtomicInteger calls = new AtomicInteger();
    SchemaRegistryException unauthorized = new SchemaRegistryException("HTTP 401", 401, 401, null);

    assertThatThrownBy(
            () ->
                new RegistryStartup(Duration.ofSeconds(30), TINY, TINY)
                    .run(
                        "register",
                        () -> {
                          calls.incrementAndGet();
                          throw unauthorized;
                        }))
        .isSameAs(unauthorized);
    assertThat(calls).hasValue(1);
  }

  @Test
  void givesUpWithTheLastFailureOnceTheWaitIsOver() {
    AtomicInteger calls = new AtomicInteger();
    long started = System.nanoTime();

    // A wait long enough for retries even on a loaded machine, where the first call alone may take
    // a few hundred ms.
    assertThatThrownBy(
            () ->
                new RegistryStartup(
                        Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofMillis(50))
                    .run(
                        "register",
                        () -> {
                          calls.incrementAndGet();
                          throw unreachable();
                        }))
        .isInstanceOf(SchemaRegistryException.Unreachable.class);
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isBetween(Duration.ofSeconds(1), Duration.ofSeconds(10));
    assertThat(calls.get()).as("retried until the wait was over").isGreaterThan(1);
  }
}
