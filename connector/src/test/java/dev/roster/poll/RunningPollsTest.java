package dev.roster.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RunningPollsTest {

  private final RunningPolls polls = new RunningPolls();

  @Test
  void theEndOfAStoppedPollLeavesTheNewerPollOfItsAccountAlone() {
    CompletableFuture<Void> stopped = new CompletableFuture<>();
    CompletableFuture<Void> newer = new CompletableFuture<>();
    polls.started("acct", 1, stopped);
    polls.stop(
        "acct"); // e.g. its partition moved away and back, or it was disabled and enabled again
    polls.started("acct", 2, newer);

    assertThat(polls.finished("acct", 1)).as("the stopped poll's end counts").isFalse();
    assertThat(polls.isRunning("acct"))
        .as("the newer poll is still known, so it can still be stopped")
        .isTrue();
    assertThat(stopped).isCancelled();
    assertThat(newer).isNotCancelled();

    assertThat(polls.finished("acct", 2)).isTrue();
    assertThat(polls.isRunning("acct")).isFalse();
  }

  @Test
  void theEndOfTheCurrentPollCountsOnce() {
    polls.started("acct", 7, new CompletableFuture<>());

    assertThat(polls.finished("acct", 7)).isTrue();
    assertThat(polls.finished("acct", 7)).isFalse();
    assertThat(polls.finished("other", 7)).isFalse();
  }

  @Test
  void twoPollsOfOneAccountAtOnceAreRefused() {
    polls.started("acct", 1, new CompletableFuture<>());

    assertThatThrownBy(() -> polls.started("acct", 2, new CompletableFuture<>()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("acct")
        .hasMessageContaining("run 1");
  }

  @Test
  void stoppingAllInterruptsEveryPollAndForgetsThem() {
    CompletableFuture<Void> first = new CompletableFuture<>();
    CompletableFuture<Void> second = new CompletableFuture<>();
    polls.started("a", 1, first);
    polls.started("b", 2, second);

    polls.stopAll();

    assertThat(first).isCancelled();
    assertThat(second).isCancelled();
    assertThat(polls.finished("a", 1)).isFalse();
    assertThat(polls.isRunning("b")).isFalse();
  }
}
