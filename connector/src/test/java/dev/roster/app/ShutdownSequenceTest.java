package dev.roster.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.app.ShutdownSequence.Report;
import dev.roster.app.ShutdownSequence.Stage;
import dev.roster.app.ShutdownSequence.Step;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ShutdownSequenceTest {

  /** A clock the parts move forward by the time they pretend to take. */
  private final AtomicLong nanos = new AtomicLong();

  private final ShutdownSequence sequence = new ShutdownSequence(nanos::get);
  private final List<String> closed = new CopyOnWriteArrayList<>();

  private ShutdownSequence.Part taking(String name, Duration took) {
    return budget -> {
      closed.add(name);
      nanos.addAndGet(took.toNanos());
    };
  }

  @Test
  void stagesCloseInTheirOrderAndWithinAStageTheLastAddedFirst() {
    // Added in the order RosterService creates them.
    sequence.add(Stage.PROCESSING, "detector", "detector", taking("detector", Duration.ZERO));
    sequence.add(Stage.INPUT, "refresher", "refresher", taking("refresher", Duration.ZERO));
    sequence.add(Stage.SUPPORT, "metrics", "metrics", taking("metrics", Duration.ZERO));
    sequence.add(
        Stage.OUTPUT, "dead letters", "dead letters", taking("dead letters", Duration.ZERO));
    sequence.add(Stage.OUTPUT, "statuses", "statuses", taking("statuses", Duration.ZERO));
    sequence.add(Stage.OPS, "status page", "status page", taking("status page", Duration.ZERO));
    sequence.add(Stage.INPUT, "poller", "poller", taking("poller", Duration.ZERO));

    Report report = sequence.close(Duration.ofSeconds(30));

    assertThat(closed)
        .containsExactly(
            "poller",
            "refresher",
            "detector",
            "statuses",
            "dead letters",
            "metrics",
            "status page");
    assertThat(report.steps()).extracting(Step::name).isEqualTo(closed);
    assertThat(report.clean()).isTrue();
  }

  @Test
  void everyPartGetsWhatIsLeftOfOneBudget() {
    Map<String, Duration> budgets = new ConcurrentHashMap<>();
    sequence.add(Stage.OUTPUT, "producer", "producer", budget -> budgets.put("producer", budget));
    sequence.add(
        Stage.PROCESSING,
        "detector",
        "detector",
        budget -> {
          budgets.put("detector", budget);
          nanos.addAndGet(Duration.ofSeconds(4).toNanos());
        });
    sequence.add(
        Stage.INPUT,
        "poller",
        "poller",
        budget -> {
          budgets.put("poller", budget);
          nanos.addAndGet(Duration.ofSeconds(7).toNanos());
        });

    Report report = sequence.close(Duration.ofSeconds(10));

    assertThat(budgets)
        .containsEntry("poller", Duration.ofSeconds(10))
        .containsEntry("detector", Duration.ofSeconds(3))
        .containsEntry("producer", Duration.ZERO);
    assertThat(report.withinBudget()).as("the budget ran out before the last part").isFalse();
    assertThat(report.clean()).isFalse();
  }

  @Test
  void aPartThatFailsIsReportedAndTheNextStillCloses() {
    sequence.add(Stage.OUTPUT, "producer", "producer", taking("producer", Duration.ofMillis(5)));
    sequence.add(
        Stage.INPUT,
        "poller",
        "poller",
        budget -> {
          throw new IllegalStateException("consumer already closed");
        });

    Report report = sequence.close(Duration.ofSeconds(30));

    assertThat(closed).containsExactly("producer");
    assertThat(report.steps()).extracting(Step::name).containsExactly("poller", "producer");
    assertThat(report.steps().get(0).failure())
        .hasValueSatisfying(failure -> assertThat(failure).contains("consumer already closed"));
    assertThat(report.steps().get(1).took()).isEqualTo(Duration.ofMillis(5));
    assertThat(report.clean()).isFalse();
    assertThatThrownBy(report::requireClean)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("poller");
  }

  @Test
  void aPartAddedOnceClosingBeganIsClosedAtOnceAndStartUpIsTold() {
    sequence.close(Duration.ofSeconds(30));

    assertThatThrownBy(
            () ->
                sequence.add(
                    Stage.PROCESSING, "detector", "detector", taking("detector", Duration.ZERO)))
        .isInstanceOf(ShutdownSequence.Stopped.class)
        .hasMessageContaining("detector");
    assertThat(closed).containsExactly("detector");
    assertThat(sequence.closing()).isTrue();
  }

  @Test
  void aSecondCloseWaitsForTheFirstAndGetsItsReport() throws Exception {
    CountDownLatch detectorClosing = new CountDownLatch(1);
    CountDownLatch releaseDetector = new CountDownLatch(1);
    ShutdownSequence realTime = new ShutdownSequence();
    realTime.add(
        Stage.PROCESSING,
        "detector",
        "detector",
        budget -> {
          detectorClosing.countDown();
          releaseDetector.await(10, TimeUnit.SECONDS);
        });
    CompletableFuture<Report> first =
        CompletableFuture.supplyAsync(() -> realTime.close(Duration.ofSeconds(30)));
    assertThat(detectorClosing.await(10, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Report> second =
        CompletableFuture.supplyAsync(() -> realTime.close(Duration.ofSeconds(30)));
    Thread.sleep(200);
    assertThat(second).as("the second close waits while the first is closing").isNotDone();
    releaseDetector.countDown();

    assertThat(second.get(10, TimeUnit.SECONDS)).isSameAs(first.get(10, TimeUnit.SECONDS));
    assertThat(first.get().steps()).extracting(Step::name).containsExactly("detector");
  }
}
