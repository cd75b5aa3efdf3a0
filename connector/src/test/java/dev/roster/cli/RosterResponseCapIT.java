package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roster.avro.ChangeType;
import dev.roster.avro.ErrorCategory;
import dev.roster.avro.IntegratedAccount;
import dev.roster.avro.PollOutcome;
import dev.roster.avro.PollStatus;
import dev.roster.avro.UserChangeEvent;
import dev.roster.kafka.DeadLetterWriter;
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
 * Vendors flood Roster, each on an account of its own, all at once: one page of 48 MB, once with a
 * Content-Length that says so up front, once chunked, so that only reading tells; a 12 MB page of
 * {@code {}} (four million entries under the size cap); a user with 16 MiB of {@code [[],[],…]} in
 * its remote_data (just under the cap; millions of nodes if built); and pagination without end
 * (empty pages, each with a fresh cursor). Roster runs alone in a JVM of {@value #MAX_HEAP} heap
 * with the image's -XX:+ExitOnOutOfMemoryError ({@link MeasuredRosterProcess}): room for its own
 * live set (about 28 MB) and the four hostile pages at once, each within its bounds (a body of at
 * most the cap, about twice that while it is read, and trees of at most 4 × the cap; at 128 MiB two
 * of them read at the same moment ran it out of heap: docs/architecture.md#truto-pagination), and
 * far less than the 461 MiB and 279 MiB of trees the two expanding pages became before pages were
 * bounded. That the 48 MB pages are not read whole is what each poll's failure says ("not read",
 * "reading stopped there"). Every poll of those accounts must fail INVALID_RESPONSE, poll after
 * poll, creating and removing nobody, with one dead letter per refused page, not one per entry; the
 * last account goes on as if nothing happened; the JVM stays up, its heap after GC where it was;
 * and once the pages are sane again everything heals.
 */
@ExtendWith(KafkaBroker.class)
class RosterResponseCapIT {

  private static final String MAX_HEAP = "256m";
  private static final long PAGE_BYTES = 48L << 20;
  private static final int USERS = 30;
  private static final int VENDOR_PAGE_SIZE = 10;
  private static final String DECLARED = "flood-declared";
  private static final String CHUNKED = "flood-chunked";
  private static final String OBJECTS = "flood-empty-objects";
  private static final String ARRAYS = "flood-nested-arrays";
  private static final String ENDLESS = "endless-pages";
  private static final String BYSTANDER = "bystander";
  private static final int OBJECT_BYTES = 12_000_000;

  /** 16 MiB less what the page's own 10 users need, so that the page stays under the cap. */
  private static final int ARRAY_BYTES = (16 << 20) - (256 << 10);

  /** What every poll of a flooded account since the flood says, by account. */
  private static final Map<String, String> FLOODED =
      Map.of(
          DECLARED,
          "not read",
          CHUNKED,
          "reading stopped there",
          OBJECTS,
          "page too large: more than 1000 entries",
          ARRAYS,
          "page too large: its JSON trees would take more than",
          ENDLESS,
          "empty pages in a row");

  /** Failed polls per flooded account to wait for: each read (or refused) another 48 MB. */
  private static final int FLOODED_POLLS = 4;

  /**
   * Failed polls of the endless account to wait for: each walks poll.max-empty-pages (1,000) empty
   * pages first, about 40 s here, and two show that every poll stops.
   */
  private static final int ENDLESS_POLLS = 2;

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
      List<String> accountIds = List.of(DECLARED, CHUNKED, OBJECTS, ARRAYS, ENDLESS, BYSTANDER);
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
          PollHistory polls = new PollHistory(topics);
          DeadLetters deadLetters = new DeadLetters(topics.deadLetter)) {
        events.awaitAtLeast(USERS * accountIds.size(), GENEROUS);
        assertThat(events.events())
            .extracting(UserChangeEvent::getType)
            .containsOnly(ChangeType.USER_DISCOVERED);
        Instant calmFrom = Instant.now();
        Thread.sleep(
            HEAP_INTERVAL.multipliedBy(5).toMillis()); // heap samples of the calm, for comparison

        int mark = events.size();
        sim.faults(DECLARED).padPage(2, PAGE_BYTES, SimFaults.Framing.CONTENT_LENGTH);
        sim.faults(CHUNKED).padPage(2, PAGE_BYTES, SimFaults.Framing.CHUNKED);
        sim.faults(OBJECTS).emptyObjectsInPage(2, OBJECT_BYTES);
        sim.faults(ARRAYS).arraysInRemoteData(2, ARRAY_BYTES);
        sim.faults(ENDLESS).fromPage(2).endlessEmptyPages();
        // Once every fault is set: a poll started while they were being set may have read its
        // page 2 before its own fault, and completed.
        Instant flooded = Instant.now();
        sim.truth().clear();
        List<SimChange> changes = sim.churn(BYSTANDER, 5);

        await()
            .atMost(GENEROUS)
            .pollInterval(Duration.ofMillis(500))
            .untilAsserted(
                () -> {
                  assertThat(roster.isAlive()).as("Roster's JVM is alive; see %s", log).isTrue();
                  for (String id : FLOODED.keySet()) {
                    assertThat(startedSince(polls, id, flooded))
                        .as("failed polls of %s", id)
                        .filteredOn(s -> s.getOutcome() == PollOutcome.FAILED)
                        .hasSizeGreaterThanOrEqualTo(
                            id.equals(ENDLESS) ? ENDLESS_POLLS : FLOODED_POLLS);
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
        for (String id : FLOODED.keySet()) {
          assertThat(startedSince(polls, id, flooded))
              .as("every poll of %s started since the flood", id)
              .allSatisfy(
                  status -> {
                    assertThat(status.getOutcome()).isEqualTo(PollOutcome.FAILED);
                    assertThat(status.getErrorCategory()).isEqualTo(ErrorCategory.INVALID_RESPONSE);
                    assertThat(status.getMessage()).contains(FLOODED.get(id));
                  });
        }
        for (String id : List.of(OBJECTS, ARRAYS)) {
          assertThat(deadLetters.of(id))
              .as("one dead letter per refused page of %s, never one per entry", id)
              .isNotEmpty()
              .hasSizeLessThanOrEqualTo(startedSince(polls, id, flooded).size() + 1)
              .allSatisfy(
                  letter -> {
                    assertThat(letter.reason()).contains(FLOODED.get(id));
                    assertThat(letter.value())
                        .hasSizeLessThanOrEqualTo(DeadLetterWriter.MAX_RAW_BYTES);
                  });
        }
        assertThat(deadLetters.of(ENDLESS))
            .as("endless pages hold no entry to dead-letter")
            .isEmpty();
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
                    * PAGE_BYTES
                + startedSince(polls, OBJECTS, flooded).size() * (long) OBJECT_BYTES
                + startedSince(polls, ARRAYS, flooded).size() * (long) ARRAY_BYTES;
        System.out.printf(
            "[response-cap] -Xmx%s, cap %d MiB: %d MB offered in 48 MB, 12 MB {} and 16 MiB [] pages"
                + " (%d endless-pagination polls); heap after GC calm %s, flooded %s%n",
            MAX_HEAP,
            TrutoClientSettings.DEFAULT_MAX_RESPONSE_BYTES >> 20,
            offered >> 20,
            startedSince(polls, ENDLESS, flooded).size(),
            calm.describe(),
            flood.describe());
        assertThat(output)
            .as("no OutOfMemoryError in Roster's JVM")
            .noneMatch(line -> line.contains("OutOfMemoryError"));
        assertThat(calm.samples()).isNotEmpty();
        assertThat(flood.samples()).isNotEmpty();
        // The floor, not the median: five accounts read hostile pages back to back, so most
        // collections meet one in progress (up to the cap and its trees, by design); what a
        // refused page left behind would lift the floor.
        assertThat(flood.secondHalfLowest() - calm.secondHalfMedian())
            .as("heap after GC between hostile reads, flooded against calm, bytes")
            .isLessThan(HEAP_TOLERANCE);

        // Sane pages again: both accounts complete a poll, and the whole stream equals the truth.
        FLOODED.keySet().forEach(id -> sim.faults(id).clear());
        Instant cleared = Instant.now();
        await()
            .atMost(GENEROUS)
            .until(
                () -> FLOODED.keySet().stream().allMatch(id -> polls.completedSince(id, cleared)));
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
