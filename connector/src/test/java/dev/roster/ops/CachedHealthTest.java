package dev.roster.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.ops.HealthCheck.CheckResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CachedHealthTest {

  private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");

  private final AtomicReference<Instant> now = new AtomicReference<>(START);
  private final AtomicInteger runs = new AtomicInteger();
  private CompletableFuture<HealthReport> running = new CompletableFuture<>();
  private final CachedHealth cache =
      new CachedHealth(
          () -> {
            runs.incrementAndGet();
            return running;
          },
          Duration.ofSeconds(5),
          now::get);

  @Test
  void requestsWhileTheChecksRunWaitForThatSameRun() {
    CompletableFuture<HealthReport> first = cache.get();
    now.set(START.plusSeconds(30));
    CompletableFuture<HealthReport> second = cache.get();

    assertThat(second).isSameAs(first);
    assertThat(runs).hasValue(1);
  }

  @Test
  void anAnswerIsReusedForThePeriodThenAskedAgain() {
    running.complete(report(true));
    cache.get();
    now.set(START.plusMillis(4_999));
    assertThat(cache.get().join().up()).isTrue();
    assertThat(runs).hasValue(1);

    running = CompletableFuture.completedFuture(report(false));
    now.set(START.plusSeconds(5));

    assertThat(cache.get().join().up()).isFalse();
    assertThat(runs).hasValue(2);
  }

  @Test
  void aClockThatWentBackDoesNotPinTheOldAnswer() {
    running.complete(report(true));
    cache.get();
    now.set(START.minusSeconds(3600));

    cache.get();

    assertThat(runs).hasValue(2);
  }

  private static HealthReport report(boolean up) {
    return new HealthReport(
        Map.of("kafka", up ? CheckResult.up("1 broker") : CheckResult.down("no broker")));
  }
}
