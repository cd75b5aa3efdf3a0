package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roster.avro.ChangeType;
import dev.roster.avro.PollOutcome;
import dev.roster.avro.PollStatus;
import dev.roster.avro.UserChangeEvent;
import dev.roster.registry.server.EmbeddedSchemaRegistry;
import dev.roster.sim.SimAccountSpec;
import dev.roster.sim.SimChange;
import dev.roster.sim.TrutoSimulator;
import dev.roster.testing.ChildJvm;
import dev.roster.testing.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole of Roster, poller and detector, started as an operator starts it ({@code roster run
 * --config FILE}) in a child JVM and killed with SIGKILL: once while a poll is fetching pages and
 * writing observations, once while the detector is committing a baseline of thousands of events.
 * Restarted with the same application id, it must publish exactly the simulator's truth, read with
 * read_committed: each user discovered once, each change once, by event_id and content.
 */
@ExtendWith(KafkaBroker.class)
class RosterCrashIT {

  private static EmbeddedSchemaRegistry registry;

  @BeforeAll
  static void startRegistry() {
    registry = TestRoster.registry("crash");
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @Test
  void killedMidPollAndRestartedOnItsStateItReportsEveryChangeOnce() throws Exception {
    int bigUsers = 800;
    int pageSize = 25;
    try (TrutoSimulator sim = TestRoster.simulator(21)) {
      sim.addAccount(
          SimAccountSpec.of("big", "slack", "acme")
              .users(bigUsers)
              .vendorPageSize(pageSize)
              .materialised());
      sim.addAccount(
          SimAccountSpec.of("small-1", "googleworkspace", "acme").users(30).materialised());
      sim.addAccount(SimAccountSpec.of("small-2", "slack", "acme").users(30).materialised());
      List<String> accountIds = List.of("big", "small-1", "small-2");
      RunDeployment roster =
          new RunDeployment("roster-crash-poll", sim, registry.url(), accountIds);
      Path config = roster.config("state");

      try (EventLedger events = new EventLedger(roster.topics.userEvents)) {
        ChildJvm first = roster.run(config, "first");
        try {
          events.awaitAtLeast(bigUsers + 60, Duration.ofSeconds(180));
          assertThat(events.events())
              .extracting(UserChangeEvent::getType)
              .containsOnly(ChangeType.USER_DISCOVERED);
          events.assertNoDuplicates();

          // Changes the next poll of "big" is to report; that poll is slowed down and killed part
          // way.
          int mark = events.size();
          ListingProgress.SlowPoll poll =
              ListingProgress.slowPollPartWay(sim, "big", 20, Duration.ofMillis(150), 8);
          List<SimChange> changes = poll.changes();
          first.kill();
          int pagesAtKill = poll.pages();
          int eventsAtKill = events.size() - mark;

          // More changes while it is dead; then it restarts on the same state directory.
          changes.addAll(sim.churn("small-1", 8));
          changes.addAll(sim.churn("small-2", 8));
          sim.faults("big").clear();
          int expected = SimTruth.expectedEvents(changes).size();
          try (ChildJvm second = roster.run(config, "second")) {
            events.awaitAtLeast(mark + expected, Duration.ofSeconds(180));
            events.awaitQuiet(
                Duration.ofSeconds(6), Duration.ofSeconds(60)); // further polls must add nothing
          }
          System.out.printf(
              "[crash mid-poll] killed after %d of %d pages of the poll; %d events of that round committed before the kill, "
                  + "%d after the restart; %d expected%n",
              pagesAtKill,
              bigUsers / pageSize,
              eventsAtKill,
              events.size() - mark - eventsAtKill,
              expected);
          assertThat(pagesAtKill).as("the kill landed mid-poll").isLessThan(bigUsers / pageSize);
          events.assertNetEffect(mark, changes, sim);
          events.assertNoDuplicates();
          events.assertFoldEqualsSimulator(sim, accountIds);
        } finally {
          first.close();
        }
      }
    }
  }

  @Test
  void killedMidCommitAndRestartedOnAFreshStateDirectoryItReportsEveryUserOnce() throws Exception {
    int bigUsers = 2000;
    try (TrutoSimulator sim = TestRoster.simulator(22)) {
      sim.addAccount(SimAccountSpec.of("big", "slack", "acme").users(bigUsers).materialised());
      sim.addAccount(
          SimAccountSpec.of("small", "googleworkspace", "acme").users(30).materialised());
      List<String> accountIds = List.of("big", "small");
      RunDeployment roster =
          new RunDeployment("roster-crash-commit", sim, registry.url(), accountIds);
      Map<String, PollStatus> statuses = new ConcurrentHashMap<>();

      try (EventLedger events = new EventLedger(roster.topics.userEvents);
          Tail<PollStatus> statusTail =
              new Tail<>(
                  roster.topics.pollStatus,
                  status -> statuses.put(status.getIntegratedAccountId(), status))) {
        // Pages of "big" trickle in, so its baseline is committed in many small transactions rather
        // than one.
        // Slow enough that small's baseline is in while big's is still arriving, with the identity
        // stage sharing the stream thread.
        sim.faults("big").delay(Duration.ofMillis(300));
        ChildJvm first = roster.run(roster.config("state-1"), "first");
        try {
          // Kill while the baseline of "big" is being committed: some of its events readable, most
          // not yet.
          await()
              .atMost(Duration.ofSeconds(180))
              .pollInterval(Duration.ofMillis(10))
              .untilAsserted(
                  () -> {
                    long big = countOf(events, "big");
                    assertThat(
                            big > 0
                                && big < bigUsers / 2
                                && countOf(events, "small") == 30
                                && completed(statuses, "small"))
                        .as(
                            "kill window: %d events of big, %d of small, small's poll complete %s",
                            big, countOf(events, "small"), completed(statuses, "small"))
                        .isTrue();
                  });
          first.kill();
          String bigPollAtKill = completed(statuses, "big") ? "complete" : "still fetching";
          events.awaitQuiet(
              Duration.ofSeconds(3),
              Duration.ofSeconds(30)); // transactions that were committing show up
          long bigAtKill = countOf(events, "big");
          assertThat(bigAtKill)
              .as("the kill landed while the baseline was being committed")
              .isBetween(1L, bigUsers - 1L);

          int mark = events.size();
          sim.faults("big").clear();
          sim.truth().clear();
          List<SimChange> changes = sim.churn("small", 10);
          int expected = SimTruth.expectedEvents(changes).size();
          // A fresh state directory: the stores come back from their changelogs.
          try (ChildJvm second = roster.run(roster.config("state-2"), "second")) {
            events.awaitAtLeast(bigUsers + 30 + expected, Duration.ofSeconds(180));
            events.awaitQuiet(Duration.ofSeconds(6), Duration.ofSeconds(60));
          }
          System.out.printf(
              "[crash mid-commit] killed with %d of %d baseline events of 'big' committed (its poll %s at the kill); "
                  + "%d events in all%n",
              bigAtKill, bigUsers, bigPollAtKill, events.size());
          assertThat(events.events().stream().filter(e -> e.getIntegratedAccountId().equals("big")))
              .as("the baseline of big: every user discovered, once")
              .hasSize(bigUsers)
              .allMatch(e -> e.getType() == ChangeType.USER_DISCOVERED);
          events.assertNetEffect(mark, changes, sim, List.of("small"));
          events.assertNoDuplicates();
          events.assertFoldEqualsSimulator(sim, accountIds);
        } finally {
          first.close();
        }
      }
    }
  }

  private static long countOf(EventLedger events, String accountId) {
    return events.events().stream()
        .filter(e -> e.getIntegratedAccountId().equals(accountId))
        .count();
  }

  private static boolean completed(Map<String, PollStatus> statuses, String accountId) {
    PollStatus status = statuses.get(accountId);
    return status != null && status.getOutcome() == PollOutcome.COMPLETED;
  }
}
