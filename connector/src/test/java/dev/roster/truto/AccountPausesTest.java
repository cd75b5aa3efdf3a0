package dev.roster.truto;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AccountPausesTest {

  private final AtomicLong now = new AtomicLong(1_000);
  private final AccountPauses pauses = new AccountPauses(now::get);

  @Test
  void aPausedAccountWaitsAndNoOtherDoes() {
    pauses.pause("a", Duration.ofSeconds(2));

    assertThat(pauses.remainingNanos("a")).isEqualTo(Duration.ofSeconds(2).toNanos());
    assertThat(pauses.remainingNanos("b")).isZero();
    now.addAndGet(Duration.ofMillis(1500).toNanos());
    assertThat(pauses.remainingNanos("a")).isEqualTo(Duration.ofMillis(500).toNanos());
    now.addAndGet(Duration.ofMillis(500).toNanos());
    assertThat(pauses.remainingNanos("a")).isZero();
  }

  @Test
  void theLongerOfTwoPausesHolds() {
    pauses.pause("a", Duration.ofSeconds(5));
    pauses.pause("a", Duration.ofSeconds(1));
    assertThat(pauses.remainingNanos("a")).isEqualTo(Duration.ofSeconds(5).toNanos());

    now.addAndGet(Duration.ofSeconds(2).toNanos());
    pauses.pause("a", Duration.ofSeconds(10));
    assertThat(pauses.remainingNanos("a")).isEqualTo(Duration.ofSeconds(10).toNanos());
  }

  @Test
  void anAccountNotPausedDoesNotBlock() throws InterruptedException {
    pauses.pause("a", Duration.ofHours(1));
    pauses.awaitResume("b"); // returns at once: the test's timeout would catch a wait
    assertThat(pauses.remainingNanos("b")).isZero();
  }
}
