package dev.roster.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SharedAnswerTest {

  private static final long START = -Duration.ofHours(1).toNanos(); // nanoTime may be negative

  private final AtomicLong now = new AtomicLong(START);
  private final AtomicInteger runs = new AtomicInteger();
  private CompletableFuture<String> running = new CompletableFuture<>();
  private final SharedAnswer<String> answer =
      new SharedAnswer<>(
          () -> {
            runs.incrementAndGet();
            return running;
          },
          Duration.ofSeconds(5),
          0,
          now::get);

  @Test
  void requestsWhileTheWorkRunsWaitForThatSameRun() {
    CompletableFuture<String> first = answer.get();
    now.set(START + Duration.ofSeconds(30).toNanos());
    CompletableFuture<String> second = answer.get();

    assertThat(second).isSameAs(first);
    assertThat(runs).hasValue(1);
  }

  @Test
  void anAnswerIsReusedForThePeriodThenAskedAgain() {
    running.complete("first");
    answer.get();
    now.set(START + Duration.ofMillis(4_999).toNanos());
    assertThat(answer.get().join()).isEqualTo("first");
    assertThat(runs).hasValue(1);

    running = CompletableFuture.completedFuture("second");
    now.set(START + Duration.ofSeconds(5).toNanos());

    assertThat(answer.get().join()).isEqualTo("second");
    assertThat(runs).hasValue(2);
  }

  @Test
  void aFailedRunIsSharedForThePeriodTooSoAFailingScrapeIsNotRetriedPerRequest() {
    running.completeExceptionally(new IllegalStateException("broken"));
    answer.get();
    now.set(START + Duration.ofSeconds(1).toNanos());

    assertThat(answer.get()).isCompletedExceptionally();
    assertThat(runs).hasValue(1);

    running = CompletableFuture.completedFuture("recovered");
    now.set(START + Duration.ofSeconds(5).toNanos());
    assertThat(answer.get().join()).isEqualTo("recovered");
  }

  @Test
  void workThatTookLongIsKeptLongerSoItsThreadIsMostlyIdle() {
    SharedAnswer<String> scrape =
        new SharedAnswer<>(
            () -> {
              runs.incrementAndGet();
              return running;
            },
            Duration.ofSeconds(1),
            4,
            now::get);
    scrape.get();
    now.set(START + Duration.ofSeconds(3).toNanos());
    running.complete("took 3 s");

    now.set(START + Duration.ofSeconds(14).toNanos());
    assertThat(scrape.get().join()).isEqualTo("took 3 s");
    assertThat(runs).hasValue(1);

    running = CompletableFuture.completedFuture("again");
    now.set(START + Duration.ofSeconds(15).toNanos());
    assertThat(scrape.get().join()).isEqualTo("again");
    assertThat(runs).as("3 s of work, then 4 × 3 s idle").hasValue(2);
  }
}
