package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roster.avro.ChangeType;
import dev.roster.avro.ErrorCategory;
import dev.roster.avro.IntegratedAccount;
import dev.roster.avro.PollOutcome;
import dev.roster.avro.PollStatus;
import dev.roster.avro.UserChangeEvent;
import dev.roster.registry.server.EmbeddedSchemaRegistry;
import dev.roster.sim.SimAccountSpec;
import dev.roster.sim.SimChange;
import dev.roster.sim.SimFaults;
import dev.roster.sim.TrutoSimulator;
import dev.roster.testing.ChildJvm;
import dev.roster.testing.KafkaBroker;
import dev.roster.topics.RosterTopics;
import dev.roster.truto.TrutoClientSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A vendor answers one page of 48 MB, on two accounts: once with a Content-Length that says so up
 * front, once chunked, so that only reading tells. Roster runs alone in a JVM of {@value #MAX_HEAP}
 * heap ({@link MeasuredRosterProcess}), less than one such page read whole needs (the JDK's
 * byte-array reader holds the page twice as it finishes: 96 MB), with its default
 * truto.max-response-bytes. Every poll of those accounts must fail INVALID_RESPONSE, poll after
 * poll, creating and removing nobody; the third account goes on as if nothing happened; the JVM
 * stays up, its heap after GC where it was; and once the pages are sane again everything heals.
 */
@ExtendWith(KafkaBroker.class)
class RosterResponseCapIT {

  private static final String MAX_HEAP = "96m";
  private static final long PAGE_BYTES = 48L << 20;
  private static final int USERS = 30;
  private static final int VENDOR_PAGE_SIZE = 10;
  private static final String DECLARED = "flood-declared";
  private static final String CHUNKED = "flood-chunked";
  private static final String BYSTANDER = "bystander";

  /** Failed polls per flooded account to wait for: each read (or refused) another 48 MB. */
  private static final int FLOODED_POLLS = 4;

  private static final Duration HEAP_INTERVAL = Duration.ofSeconds(2);

  /**
   * The live set may wander by a few MB as caches and producer buffers fill and drain (see
   * RosterSoakIT).
   */
  private static final long HEAP_TOLERANCE = 8L << 20;

  private static final Duration GENEROUS = Duration.ofMinutes(3);

  @Test
  void aHugePageFailsOnlyItsPollWithinABoundedHeapAndEverythingElseGoesOn() throws Exception {
    try (TrutoSimulator sim = TestRoster.simulator(41);
        EmbeddedSchemaRegistry registry = TestRoster.registry("response-cap")) {
      List<String> accountIds = List.of(DECLARED, CHUNKED, BYSTANDER);
      List<IntegratedAccount> accounts =
          accountIds.stream()
              .map(
                  id -> {
                    sim.addAccount(
                        SimAccountSpec.of(id, "slack", "acme")
                            .users(USERS)
                            .vendorPageSize(VENDOR_PAGE_SIZE)
                            .materialised());
                    return TestRoster.account(id, "slack", Map.of());
                  })
              .toList();
      String applicationId = "roster-response-cap-" + UUID.randomUUID();
      Path log =
          Path.of(
              System.getProperty("project.build.directory", "target"),
              "response-cap",
              applicationId + ".log");
      RosterTopics topics = TestRoster.topics(registry.url(), applicationId);

      try (ChildJvm roster =
              MeasuredRosterProcess.start(
                  sim.baseUrl(),
                  registry.url(),
                  applicationId,
                  accounts,
                  TestRoster.POLL_INTERVAL,
                  HEAP_INTERVAL,
                  MAX_HEAP,
                  log,
                  GENEROUS);
          EventLedger events = new EventLedger(topics.userEvents);
          PollHistory polls = new PollHistory(topics)) {
        events.awaitAtLeast(USERS * accountIds.size(), GENEROUS);
        assertThat(events.events())
            .extracting(UserChangeEvent::getType)
            .containsOnly(ChangeType.USER_DISCOVERED);
        Instant calmFrom = Instant.now();
        Thread.sleep(
            HEAP_INTERVAL.multipliedBy(5).toMillis()); // heap samples of the calm, for comparison

        int mark = events.size();
        Instant flooded = Instant.now();
        sim.faults(DECLARED).padPage(2, PAGE_BYTES, SimFaults.Framing.CONTENT_LENGTH);
        sim.faults(CHUNKED).padPage(2, PAGE_BYTES, SimFaults.Framing.CHUNKED);
        sim.truth().clear();
        List<SimChange> changes = sim.churn(BYSTANDER, 5);

        await()
            .atMost(GENEROUS)
            .pollInterval(Duration.ofMillis(500))
            .untilAsserted(
                () -> {
                  assertThat(roster.isAlive()).as("Roster's JVM is alive; see %s", log).isTrue();
                  for (String id : List.of(DECLARED, CHUNKED)) {
                    assertThat(startedSince(polls, id, flooded))
                        .as("failed polls of %s", id)
                        .filteredOn(s -> s.getOutcome() == PollOutcome.FAILED)
                        .hasSizeGreaterThanOrEqualTo(FLOODED_POLLS);
                  }
                });
        // At least ten heap samples of the flood: a sample taken just after a collection that
        // met a read in progress holds its capped buffer (16 MB), and with four samples one such
        // moment moved the median of the second half past the tolerance.
        Duration floodSampled = HEAP_INTERVAL.multipliedBy(10);
        Duration floodSoFar = Duration.between(flooded, Instant.now());
        if (floodSoFar.compareTo(floodSampled) < 0) {
          Thread.sleep(floodSampled.minus(floodSoFar).toMillis());
        }
        Instant floodSeen = Instant.now();
        events.awaitAtLeast(mark + SimTruth.expectedEvents(changes).size(), GENEROUS);
        for (String id : List.of(DECLARED, CHUNKED)) {
          assertThat(startedSince(polls, id, flooded))
              .as("every poll of %s started since the flood", id)
              .allSatisfy(
                  status -> {
                    assertThat(status.getOutcome()).isEqualTo(PollOutcome.FAILED);
                    assertThat(status.getErrorCategory()).isEqualTo(ErrorCategory.INVALID_RESPONSE);
                    assertThat(status.getMessage())
                        .contains(TrutoClientSettings.MAX_RESPONSE_BYTES_KEY)
                        .contains(id.equals(DECLARED) ? "not read" : "reading stopped there");
                  });
        }
        assertThat(events.since(mark))
            .as("the flooded accounts: nobody created, removed or changed")
            .allSatisfy(event -> assertThat(event.getIntegratedAccountId()).isEqualTo(BYSTANDER));
        assertThat(polls.statuses(BYSTANDER, flooded))
            .as("the bystander's polls")
            .isNotEmpty()
            .extracting(PollStatus::getOutcome)
            .containsOnly(PollOutcome.COMPLETED);

        List<String> output = MeasuredRosterProcess.lines(log);
        HeapSamples calm = HeapSamples.parse(output, calmFrom, flooded);
        HeapSamples flood = HeapSamples.parse(output, flooded, floodSeen);
        long offered =
            (startedSince(polls, DECLARED, flooded).size()
                    + startedSince(polls, CHUNKED, flooded).size())
                * PAGE_BYTES;
        System.out.printf(
            "[response-cap] -Xmx%s, cap %d MiB: %d MB offered in 48 MB pages; heap after GC calm %s, flooded %s%n",
            MAX_HEAP,
            TrutoClientSettings.DEFAULT_MAX_RESPONSE_BYTES >> 20,
            offered >> 20,
            calm.describe(),
            flood.describe());
        assertThat(output)
            .as("no OutOfMemoryError in Roster's JVM")
            .noneMatch(line -> line.contains("OutOfMemoryError"));
        assertThat(calm.samples()).isNotEmpty();
        assertThat(flood.samples()).isNotEmpty();
        assertThat(flood.secondHalfMedian() - calm.secondHalfMedian())
            .as("heap after GC, flooded against calm, bytes")
            .isLessThan(HEAP_TOLERANCE);

        // Sane pages again: both accounts complete a poll, and the whole stream equals the truth.
        sim.faults(DECLARED).clear();
        sim.faults(CHUNKED).clear();
        Instant cleared = Instant.now();
        await()
            .atMost(GENEROUS)
            .until(
                () ->
                    polls.completedSince(DECLARED, cleared)
                        && polls.completedSince(CHUNKED, cleared));
        events.awaitQuiet(Duration.ofSeconds(5), GENEROUS);
        events.assertNetEffect(mark, changes, sim);
        events.assertNoDuplicates();
        events.assertFoldEqualsSimulator(sim, accountIds);
      }
    }
  }

  /**
   * The statuses of the polls of {@code accountId} that started at or after {@code since}: those
   * that met the flood on page 2.
   */
  private static List<PollStatus> startedSince(PollHistory polls, String accountId, Instant since) {
    return polls.statuses(accountId, since).stream()
        .filter(s -> !s.getStartedAt().isBefore(since))
        .toList();
  }
}
