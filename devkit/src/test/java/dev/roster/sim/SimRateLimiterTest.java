package dev.roster.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SimRateLimiterTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final SimRateLimiter limiter =
      new SimRateLimiter(RateBudget.of(2, Duration.ofSeconds(10)), now::get);

  @Test
  void aWindowAllowsTheBudgetThenRefusesUntilItCloses() {
    SimRateLimiter.Decision first = limiter.acquire("a");
    now.addAndGet(Duration.ofSeconds(4).toNanos());
    SimRateLimiter.Decision second = limiter.acquire("a");
    SimRateLimiter.Decision third = limiter.acquire("a");

    assertThat(first.allowed()).isTrue();
    assertThat(first.remaining()).isEqualTo(1);
    assertThat(second.allowed()).isTrue();
    assertThat(second.remaining()).isZero();
    assertThat(third.allowed()).isFalse();
    assertThat(third.resetNanos()).isEqualTo(Duration.ofSeconds(6).toNanos());
    assertThat(limiter.acquire("other").allowed()).isTrue();

    now.addAndGet(Duration.ofSeconds(6).toNanos());
    assertThat(limiter.acquire("a").allowed()).isTrue();
  }
}
