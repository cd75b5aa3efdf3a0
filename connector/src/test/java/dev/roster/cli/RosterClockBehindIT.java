package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.app.RosterService;
import dev.roster.avro.IntegratedAccount;
import dev.roster.avro.PollOutcome;
import dev.roster.avro.PollStatus;
import dev.roster.registry.server.EmbeddedSchemaRegistry;
import dev.roster.sim.SimChange;
import dev.roster.sim.TrutoSimulator;
import dev.roster.testing.KafkaBroker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Poll ids never go backwards for an account, whatever the clocks: an account polled by an
 * instance, then by one whose clock is an hour behind (a restart on another host), is polled with
 * ids above the first instance's, so the detector does not ignore its polls and a change made after
 * the move becomes its event at once, not an hour later.
 */
@ExtendWith(KafkaBroker.class)
class RosterClockBehindIT {

  private static final Duration AN_HOUR = Duration.ofHours(1);

  @Test
  void
      anInstanceWhoseClockIsAnHourBehindContinuesTheAccountsPollIdsAndReportsTheChangesAfterTheMove()
          throws Exception {
    try (TrutoSimulator sim = TestRoster.simulator(23);
        EmbeddedSchemaRegistry registry = TestRoster.registry("clock-behind")) {
      List<IntegratedAccount> accounts =
          TestRoster.addAccounts(sim, "acct", 2, List.of("slack", "okta"), n -> 20);
      List<String> accountIds = accounts.stream().map(IntegratedAccount::getId).toList();
      String applicationId = "roster-clock-behind-" + UUID.randomUUID();
      RosterService first =
          RosterService.start(
              TestRoster.settings(sim, registry, applicationId, accounts), Clock.systemUTC());
      try (PollHistory polls = new PollHistory(first.topics());
          EventLedger events = new EventLedger(first.topics().userEvents)) {
        events.awaitAtLeast(40, Duration.ofSeconds(90));
        polls.awaitEveryAccountCompletedSince(Instant.EPOCH, accountIds, Duration.ofSeconds(60));
        first.close();
        long lastIdOfFirst =
            polls.statuses("acct-1", Instant.EPOCH).stream()
                .mapToLong(PollStatus::getPollId)
                .max()
                .orElseThrow();
        int baseline = events.size();

        Clock anHourBehind = Clock.offset(Clock.systemUTC(), AN_HOUR.negated());
        try (RosterService second =
            RosterService.start(
                TestRoster.settings(sim, registry, applicationId, accounts), anHourBehind)) {
          sim.truth().clear();
          List<SimChange> changes =
              accountIds.stream().flatMap(id -> sim.churn(id, 6).stream()).toList();

          events.awaitAtLeast(
              baseline + SimTruth.expectedEvents(changes).size(), Duration.ofSeconds(60));
          events.awaitQuiet(Duration.ofSeconds(5), Duration.ofSeconds(30));
          events.assertNetEffect(baseline, changes, sim);
          events.assertNoDuplicates();
          events.assertFoldEqualsSimulator(sim, accountIds);
        }

        List<PollStatus> afterTheMove =
            polls.statuses("acct-1", Instant.EPOCH).stream()
                .filter(
                    status ->
                        status
                            .getStartedAt()
                            .isBefore(Instant.now().minus(AN_HOUR.minusMinutes(5))))
                .toList();
        assertThat(afterTheMove)
            .as("the second instance's polls, started by its clock an hour behind")
            .isNotEmpty()
            .extracting(PollStatus::getOutcome)
            .contains(PollOutcome.COMPLETED);
        assertThat(afterTheMove)
            .allSatisfy(status -> assertThat(status.getPollId()).isGreaterThan(lastIdOfFirst));
      } finally {
        first.close();
      }
    }
  }
}
