package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roster.app.RosterService;
import dev.roster.app.RosterSettings;
import dev.roster.avro.ChangeType;
import dev.roster.avro.ErrorCategory;
import dev.roster.avro.IntegratedAccount;
import dev.roster.avro.PollOutcome;
import dev.roster.avro.PollStatus;
import dev.roster.avro.PollSummary;
import dev.roster.avro.UserChangeEvent;
import dev.roster.poll.BackoffPolicy;
import dev.roster.poll.PollScheduler;
import dev.roster.registry.server.EmbeddedSchemaRegistry;
import dev.roster.sim.SimAccountSpec;
import dev.roster.sim.SimAccountState;
import dev.roster.sim.SimChange;
import dev.roster.sim.SimFaults;
import dev.roster.sim.TrutoSimulator;
import dev.roster.testing.KafkaBroker;
import dev.roster.testing.LogCapture;
import dev.roster.truto.RetrySettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every class of Truto fault, each striking one account in the middle of a poll (the account has
 * six pages of ten users and the fault waits for page 3 or later), all at once in one Roster
 * instance, while the simulator churns. Each fault lasts until its poll status (or, for the empty
 * list, its poll summary) shows it, then ends; every account must then heal by itself, and the
 * event stream must equal the simulator's truth: nothing falsely removed, no change lost, none
 * published twice.
 *
 * <p>Throughout, the simulator echoes Roster's API token wherever a vendor's text can go: every
 * error body, every successful body (so the malformed and truncated pages hold it), every cursor, a
 * response header, and a user of each account's first page (its id, name, status, email,
 * remote_data). At the end no record of the deployment's topics (keys, values, headers, changelogs
 * included), no log line, nor the status page or metrics holds the token.
 */
@ExtendWith(KafkaBroker.class)
class RosterTrutoFaultsIT {

  private static final int USERS = 60;
  private static final int VENDOR_PAGE_SIZE = 10;
  private static final int CHANGES_PER_ACCOUNT =
      5; // at most 5 of 60 removed: under the mass-removal guard's 20%
  private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(1500);
  private static final String HEALTHY = "healthy";

  /** The user the simulator's echo adds to every first page, as Roster publishes it. */
  private static final String ECHO_USER = "echo Bearer [redacted]";

  /**
   * Longer than the others so that the guard's two confirmations cannot come before the test ends
   * the fault.
   */
  private static final long EMPTY_LIST_INTERVAL_SECONDS = 6;

  /**
   * One fault class on an account of its own.
   *
   * @param category what the poll status says while the fault lasts; empty when the polls still
   *     complete
   */
  private record FaultCase(
      String accountId,
      String integration,
      Consumer<SimFaults> inject,
      Optional<ErrorCategory> category) {
    static FaultCase failing(
        String accountId, String integration, Consumer<SimFaults> inject, ErrorCategory category) {
      return new FaultCase(accountId, integration, inject, Optional.of(category));
    }
  }

  private static final List<FaultCase> CASES =
      List.of(
          // More 429s than one request's attempts: the poll fails RATE_LIMITED, the rest of the
          // storm meets the next poll.
          FaultCase.failing(
              "storm-429",
              "slack",
              f -> f.fromPage(3).rateLimitNext(12, Duration.ofSeconds(1)),
              ErrorCategory.RATE_LIMITED),
          FaultCase.failing(
              "storm-5xx",
              "slack",
              f -> f.fromPage(3).serverErrorNext(12, 502),
              ErrorCategory.UPSTREAM),
          FaultCase.failing(
              "timeouts",
              "slack",
              f -> f.fromPage(3).delay(REQUEST_TIMEOUT.multipliedBy(3)),
              ErrorCategory.TIMEOUT),
          FaultCase.failing(
              "malformed",
              "slack",
              f -> f.fromPage(3).malformedNext(1),
              ErrorCategory.INVALID_RESPONSE),
          FaultCase.failing(
              "truncated",
              "slack",
              f -> f.fromPage(3).truncatedNext(1),
              ErrorCategory.INVALID_RESPONSE),
          FaultCase.failing(
              "cursor-loop",
              "slack",
              f -> f.fromPage(3).cursorLoop(),
              ErrorCategory.INVALID_RESPONSE),
          FaultCase.failing("fail-page", "slack", f -> f.failPage(4, 500), ErrorCategory.UPSTREAM),
          FaultCase.failing(
              "reauth", "slack", f -> f.fromPage(3).needsReauth(), ErrorCategory.AUTH),
          // okta is a partial-response integration: page 3's list answer is fine, its users' gets
          // fail.
          FaultCase.failing(
              "get-5xx", "okta", f -> f.fromPage(3).failGetsNext(40, 502), ErrorCategory.UPSTREAM),
          // A list that ends early and cleanly after page 2 looks complete: only the guard stands
          // between it and removals.
          new FaultCase("empty-list", "slack", f -> f.fromPage(3).emptyList(), Optional.empty()));

  @Test
  void everyFaultMidPollRemovesNothingLosesNothingAndHealsByItself() throws Exception {
    try (TrutoSimulator sim = TestRoster.simulator(23);
        EmbeddedSchemaRegistry registry = TestRoster.registry("faults");
        LogCapture logs = new LogCapture()) {
      sim.faults().echoRequestInErrors().echoRequestInPages();
      List<String> accountIds =
          Stream.concat(Stream.of(HEALTHY), CASES.stream().map(FaultCase::accountId)).toList();
      List<IntegratedAccount> accounts = new ArrayList<>();
      accounts.add(account(sim, HEALTHY, "slack"));
      CASES.forEach(c -> accounts.add(account(sim, c.accountId(), c.integration())));

      RosterSettings settings = settings(sim, registry, accounts);
      try (RosterService roster = RosterService.start(settings, Clock.systemUTC());
          EventLedger events = new EventLedger(roster.topics().userEvents);
          PollHistory polls = new PollHistory(roster.topics())) {
        // Each account's users and the echoed one.
        events.awaitAtLeast((USERS + 1) * accounts.size(), Duration.ofSeconds(120));
        assertThat(events.events())
            .extracting(UserChangeEvent::getType)
            .containsOnly(ChangeType.USER_DISCOVERED);

        // Faults armed and churn made together: every change happens while its account's fault is
        // pending.
        int mark = events.size();
        Instant faultsArmed = Instant.now();
        sim.truth().clear();
        CASES.forEach(c -> c.inject().accept(sim.faults(c.accountId())));
        List<SimChange> changes = new ArrayList<>();
        accountIds.forEach(id -> changes.addAll(sim.churn(id, CHANGES_PER_ACCOUNT)));

        // Each fault lasts until Roster has reported it, then ends (a reconnect, for the account
        // needing re-auth).
        Map<String, Instant> ended = new ConcurrentHashMap<>();
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(200))
            .untilAsserted(
                () -> {
                  for (FaultCase c : CASES) {
                    if (!ended.containsKey(c.accountId()) && reported(c, polls, faultsArmed)) {
                      sim.faults(c.accountId()).clear();
                      sim.account(c.accountId()).state(SimAccountState.ACTIVE);
                      ended.put(c.accountId(), Instant.now());
                    }
                  }
                  assertThat(ended)
                      .as("faults Roster has reported")
                      .containsOnlyKeys(CASES.stream().map(FaultCase::accountId).toList());
                });
        for (FaultCase c : CASES) {
          c.category()
              .ifPresent(
                  category ->
                      assertThat(firstFailure(c, polls, faultsArmed).getPages())
                          .as("pages %s read before the fault struck", c.accountId())
                          .isGreaterThanOrEqualTo(2));
        }
        assertThat(polls.summaries("empty-list"))
            .filteredOn(s -> s.getRemovalsHeld() > 0)
            .allSatisfy(
                s -> assertThat(s.getGuardReason()).as("why the guard held removals").isNotBlank());

        // Every account heals by itself: a poll started after its fault ended completes.
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () ->
                    assertThat(accountIds)
                        .allSatisfy(
                            id ->
                                assertThat(
                                        polls.completedSince(
                                            id, ended.getOrDefault(id, faultsArmed)))
                                    .as("%s healed", id)
                                    .isTrue()));

        events.awaitAtLeast(mark + SimTruth.expectedEvents(changes).size(), Duration.ofSeconds(60));
        events.awaitQuiet(
            Duration.ofSeconds(5), Duration.ofSeconds(60)); // further polls must add nothing
        events.assertNetEffect(mark, changes, sim);
        events.assertNoDuplicates();
        events.assertFoldEqualsSimulator(sim, accountIds, Set.of(ECHO_USER));
        assertThat(polls.statuses(HEALTHY, faultsArmed))
            .as("the healthy account never noticed")
            .extracting(PollStatus::getOutcome)
            .containsOnly(PollOutcome.COMPLETED);
        String metrics = RosterServiceIT.get(roster.opsUrl().resolve("/metrics")).body();
        assertThat(metrics.lines())
            .as("429s and retries are counted")
            .anyMatch(
                line ->
                    line.startsWith("roster_truto_rate_limited_total")
                        && line.contains("\"storm-429\""))
            .anyMatch(
                line ->
                    line.startsWith("roster_truto_retries_total")
                        && line.contains("\"storm-5xx\""));
        System.out.println("[faults] events by type " + events.countsByType());
        assertNoTokenAnywhere(settings.applicationId(), roster, logs);
      }
    }
  }

  /**
   * The token sweep: every record Roster wrote, every log line of this process but the simulator's
   * own (it is Truto here), the status page and the metrics. The echoes must have arrived,
   * scrubbed: records and log lines with "[redacted]" show the sweep looked where they went.
   */
  private static void assertNoTokenAnywhere(
      String applicationId, RosterService roster, LogCapture logs) throws Exception {
    TokenSweep.Result topics = TokenSweep.sweep(applicationId, TestRoster.TOKEN);
    System.out.println(
        "[faults] token sweep: "
            + topics.records()
            + " records, "
            + topics.recordsWithRedactions()
            + " with redactions");
    assertThat(topics.hits()).as("records holding the token").isEmpty();
    assertThat(topics.recordsWithRedactions()).as("records of echoed values").isPositive();
    List<String> rosterLines =
        logs.lines().stream()
            .filter(line -> !line.split(" ", 3)[1].startsWith("dev.roster.sim"))
            .toList();
    assertThat(rosterLines)
        .as("log lines")
        .noneMatch(line -> line.contains(TestRoster.TOKEN))
        .anyMatch(line -> line.contains("[redacted]"));
    for (String page : List.of("/", "/metrics")) {
      assertThat(RosterServiceIT.get(roster.opsUrl().resolve(page)).body())
          .as(page)
          .doesNotContain(TestRoster.TOKEN);
    }
  }

  /**
   * Whether Roster has told of the fault: a failed poll of its category, or removals held by the
   * guard.
   */
  private static boolean reported(FaultCase c, PollHistory polls, Instant since) {
    if (c.category().isPresent()) {
      return polls.statuses(c.accountId(), since).stream()
          .anyMatch(
              s ->
                  s.getOutcome() == PollOutcome.FAILED
                      && s.getErrorCategory() == c.category().get());
    }
    return polls.summaries(c.accountId()).stream()
        .mapToLong(PollSummary::getRemovalsHeld)
        .anyMatch(held -> held > 0);
  }

  private static PollStatus firstFailure(FaultCase c, PollHistory polls, Instant since) {
    return polls.statuses(c.accountId(), since).stream()
        .filter(s -> s.getOutcome() == PollOutcome.FAILED)
        .findFirst()
        .orElseThrow();
  }

  private static IntegratedAccount account(TrutoSimulator sim, String id, String integration) {
    sim.addAccount(
        SimAccountSpec.of(id, integration, "acme")
            .users(USERS)
            .vendorPageSize(VENDOR_PAGE_SIZE)
            .materialised());
    IntegratedAccount account = TestRoster.account(id, integration, Map.of());
    return id.equals("empty-list")
        ? IntegratedAccount.newBuilder(account)
            .setIntervalSeconds(EMPTY_LIST_INTERVAL_SECONDS)
            .build()
        : account;
  }

  /**
   * Quick retries, short timeouts and a re-auth recheck of seconds instead of hours, so each fault
   * shows and heals within the test; a poll slot for every account, so a slow fault delays no
   * other.
   */
  private static RosterSettings settings(
      TrutoSimulator sim, EmbeddedSchemaRegistry registry, List<IntegratedAccount> accounts) {
    RosterSettings base =
        TestRoster.settings(sim, registry, "roster-faults-" + UUID.randomUUID(), accounts);
    return TestRoster.with(
        base,
        base.truto()
            .withRetry(
                new RetrySettings(
                    4, Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(2)))
            .withTimeouts(Duration.ofSeconds(5), REQUEST_TIMEOUT),
        new PollScheduler.Settings(
            TestRoster.POLL_INTERVAL,
            Map.of(),
            0.1,
            accounts.size(),
            Map.of(),
            new BackoffPolicy(
                Duration.ofMillis(500), Duration.ofSeconds(3), Duration.ofSeconds(5), 0)));
  }
}
