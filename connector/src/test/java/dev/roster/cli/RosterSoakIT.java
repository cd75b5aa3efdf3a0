package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.avro.IntegratedAccount;
import dev.roster.registry.server.EmbeddedSchemaRegistry;
import dev.roster.sim.SimChange;
import dev.roster.sim.SimulatorConfig;
import dev.roster.sim.TrutoSimulator;
import dev.roster.testing.ChildJvm;
import dev.roster.testing.KafkaBroker;
import dev.roster.topics.RosterTopics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A soak: {@code -Droster.soak.accounts} accounts (default 100; 300 make about 9,000 users) of 10
 * to 50 users across five integrations (two of them partial-response, so each poll also fetches
 * every user), polled by one Roster instance while the simulator churns without pause for {@code
 * -Droster.soak.duration} (ISO-8601, default PT1M, sized for the suite's time on two cores; e.g.
 * PT10M for a longer run). Afterwards the event stream must equal the truth exactly, and the heap
 * must have stayed flat.
 *
 * <p>Heap: measured in a JVM that runs Roster alone ({@link MeasuredRosterProcess}). In this JVM
 * the broker, the simulator (whose users and truth log grow with every join) and the test's ledger
 * (every event, with its before and after) share the heap and grow during a healthy run, so their
 * growth could hide a leak or fake one. The child takes a full collection at fixed intervals and
 * reports the used heap, i.e. what Roster still references; the median of the second half of the
 * churn window must exceed the first half's by less than {@link #HEAP_TOLERANCE}. Roster's live set
 * is small (about 25 to 30 MB here) and wanders by a few MB as caches and producer buffers fill and
 * drain, hence 8 MB. The two medians lie about half the window apart, so the check fails for steady
 * growth above 16 MB per window: at the default minute about 16 MB a minute, some 18 KB per poll or
 * 600 bytes per observed user at the rates printed; PT10M catches a tenth of that. A slower leak
 * needs a longer run. (RocksDB's memory is off-heap and not measured; the RSS is printed.)
 */
@ExtendWith(KafkaBroker.class)
class RosterSoakIT {

  private static final Duration DURATION =
      Duration.parse(System.getProperty("roster.soak.duration", "PT1M"));
  private static final int ACCOUNTS = Integer.getInteger("roster.soak.accounts", 100);
  private static final List<String> INTEGRATIONS =
      List.of("slack", "okta", "googleworkspace", "zoom", "salesforce");
  private static final Duration POLL_INTERVAL = Duration.ofSeconds(20);
  private static final Duration CHURN_PERIOD = Duration.ofMillis(100);
  private static final long HEAP_TOLERANCE = 8L << 20;
  private static final Duration GENEROUS = Duration.ofMinutes(5); // a loaded 2-core machine

  @Test
  @Timeout(
      value = 75,
      unit =
          TimeUnit.MINUTES) // above the suite's default, for -Droster.soak.duration up to an hour
  void underContinuousChurnTheEventsEqualTheTruthAndTheHeapStaysFlat() throws Exception {
    try (TrutoSimulator sim =
            TrutoSimulator.start(
                SimulatorConfig.builder()
                    .port(0)
                    .apiToken(TestRoster.TOKEN)
                    .seed(31)
                    .unlimited()
                    .requestLogCapacity(1_000)
                    .build());
        EmbeddedSchemaRegistry registry = TestRoster.registry("soak")) {
      List<IntegratedAccount> accounts =
          TestRoster.addAccounts(sim, "soak", ACCOUNTS, INTEGRATIONS, n -> 10 + (n * 13) % 41);
      List<String> accountIds = accounts.stream().map(IntegratedAccount::getId).toList();
      List<String> baselineUsers = SimTruth.currentUsers(sim, accountIds);
      String applicationId = "roster-soak-" + UUID.randomUUID();
      Path log =
          Path.of(
              System.getProperty("project.build.directory", "target"),
              "soak",
              applicationId + ".log");
      Duration heapInterval =
          DURATION.dividedBy(24).compareTo(Duration.ofSeconds(5)) > 0
              ? DURATION.dividedBy(24)
              : Duration.ofSeconds(5);

      ChildJvm roster =
          MeasuredRosterProcess.start(
              sim.baseUrl(),
              registry.url(),
              applicationId,
              accounts,
              POLL_INTERVAL,
              heapInterval,
              "512m",
              log,
              GENEROUS);
      RosterTopics topics = TestRoster.topics(registry.url(), applicationId);
      try (EventLedger events = new EventLedger(topics.userEvents);
          PollHistory polls = new PollHistory(topics)) {
        events.awaitAtLeast(baselineUsers.size(), GENEROUS);
        long baselinePolls = polls.completedCount();
        long baselineUsersSeen = polls.usersSeen();

        sim.truth().clear();
        Instant churnStarted = Instant.now();
        sim.startChurn(CHURN_PERIOD, 1);
        long rssAtStart = residentSetSize(roster);
        Thread.sleep(DURATION.toMillis());
        sim.stopChurn();
        Instant churnStopped = Instant.now();
        long rssAtEnd = residentSetSize(roster);
        long churnPolls = polls.completedCount() - baselinePolls;
        long churnUsersSeen = polls.usersSeen() - baselineUsersSeen;
        int churnEvents = events.size() - baselineUsers.size();

        // Each account polled once more after the last change, then no event for a while: all is
        // published.
        polls.awaitEveryAccountCompletedSince(churnStopped, accountIds, GENEROUS);
        events.awaitQuiet(Duration.ofSeconds(10), GENEROUS);

        List<SimChange> truth = sim.truth().all();
        HeapSamples heap =
            HeapSamples.parse(MeasuredRosterProcess.lines(log), churnStarted, churnStopped);
        double seconds = Duration.between(churnStarted, churnStopped).toMillis() / 1000.0;
        System.out.printf(
            "[soak] %s of churn over %d accounts (%d users at the start): %d changes, %d events %s%n",
            DURATION,
            ACCOUNTS,
            baselineUsers.size(),
            truth.size(),
            events.size(),
            events.countsByType());
        System.out.printf(
            "[soak] during churn: %d complete polls (%.1f/s), %d users observed (%.0f/s), %d change events (%.1f/s);"
                + " overall %d polls completed, %d failed, %d Truto requests%n",
            churnPolls,
            churnPolls / seconds,
            churnUsersSeen,
            churnUsersSeen / seconds,
            churnEvents,
            churnEvents / seconds,
            polls.completedCount(),
            polls.failures().size(),
            polls.apiCalls());
        System.out.printf(
            "[soak] heap after GC every %s: %s; median first half %.1f MB, second half %.1f MB, growth %.1f MB;"
                + " RSS %d MB -> %d MB%n",
            heapInterval,
            heap.describe(),
            heap.firstHalfMedian() / 1048576.0,
            heap.secondHalfMedian() / 1048576.0,
            heap.growth() / 1048576.0,
            rssAtStart >> 20,
            rssAtEnd >> 20);

        assertThat(sim.truth().dropped()).as("the truth log kept every change").isZero();
        assertThat(churnEvents).as("churn raised events").isPositive();
        events.assertNoDuplicates();
        events.assertBaselineIs(baselineUsers);
        events.assertCreationsAndRemovalsIn(truth);
        events.assertFoldEqualsSimulator(sim, accountIds);
        assertThat(heap.samples()).as("heap samples during churn").hasSizeGreaterThanOrEqualTo(8);
        assertThat(heap.growth())
            .as("heap growth from the first half of the soak to the second, bytes")
            .isLessThan(HEAP_TOLERANCE);
      } finally {
        sim.stopChurn();
        roster.stop();
      }
    }
  }

  /**
   * The child's resident set size, from /proc (0 where there is none): for the log, not asserted.
   */
  private static long residentSetSize(ChildJvm process) throws IOException {
    Path status = Path.of("/proc", Long.toString(process.pid()), "status");
    if (!Files.exists(status)) {
      return 0;
    }
    return Files.readAllLines(status).stream()
        .filter(line -> line.startsWith("VmRSS:"))
        .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")) * 1024)
        .findFirst()
        .orElse(0);
  }
}
