package dev.roster.truto;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token's pace on a hand-moved clock: how far apart permits are, and what changes it. */
class TokenPaceTest {

  static final long MS = 1_000_000L;

  final AtomicLong now = new AtomicLong(1_000_000 * MS);
  final TokenPace pace = new TokenPace(new RequestBudget(11, Duration.ofSeconds(1)), now::get);

  @Test
  void permitsAreSpacedSoNoWindowHoldsMoreThanTheShare() {
    assertThat(pace.tryAcquire()).isZero();
    assertThat(pace.tryAcquire()).as("11 per second: one every 100 ms").isEqualTo(100 * MS);
    now.addAndGet(100 * MS);
    assertThat(pace.tryAcquire()).isZero();
  }

  @Test
  void aSmallerShareAppliesToTheNextPermitAndNoShareStopsEverything() {
    assertThat(pace.tryAcquire()).isZero();
    pace.share(3);
    assertThat(pace.tryAcquire()).as("3 per second: one every 500 ms").isEqualTo(500 * MS);
    pace.share(0);
    now.addAndGet(10_000 * MS);
    assertThat(pace.tryAcquire()).isEqualTo(Long.MAX_VALUE);
    pace.share(11);
    assertThat(pace.tryAcquire()).isZero();
  }

  @Test
  void aPauseHoldsEveryPermitUntilItEnds() {
    pace.pause(Duration.ofSeconds(2));
    assertThat(pace.tryAcquire()).isEqualTo(2_000 * MS);
    now.addAndGet(2_000 * MS);
    assertThat(pace.tryAcquire()).isZero();
  }

  @Test
  void aWaitWithoutAShareEndsAfterItsLimit() throws InterruptedException {
    pace.share(0);
    assertThat(pace.acquire(Duration.ZERO)).isFalse();
  }
}
