package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.app.RosterService;
import dev.roster.avro.ChangeType;
import dev.roster.avro.IntegratedAccount;
import dev.roster.avro.PollOutcome;
import dev.roster.avro.PollStatus;
import dev.roster.avro.UserChangeEvent;
import dev.roster.registry.server.EmbeddedSchemaRegistry;
import dev.roster.sim.SimAccountSpec;
import dev.roster.sim.SimChange;
import dev.roster.sim.SimRequest;
import dev.roster.sim.TrutoSimulator;
import dev.roster.testing.KafkaBroker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A GitHub account as an operator configures it, with {@code query: { organization_id: … }}: GitHub
 * lists partial users, so every user is also fetched with a get, and Truto (like the simulator)
 * answers 400 to any call of the account without organization_id, the get included. Its polls must
 * complete and its events equal the simulator's truth, beside an account that needs no parameter.
 */
@ExtendWith(KafkaBroker.class)
class RosterQueryParametersIT {

  private static final String GITHUB = "acme-github";
  private static final String ORGANIZATION = "acme-org";
  private static final String OKTA = "acme-okta";
  private static final int USERS = 40;
  private static final int CHANGES_PER_ACCOUNT = 6;

  @Test
  void aGitHubAccountWithItsOrganizationCompletesItsPollsAndReportsEveryChange() throws Exception {
    try (TrutoSimulator sim = TestRoster.simulator(43);
        EmbeddedSchemaRegistry registry = TestRoster.registry("query-parameters")) {
      sim.addAccount(
          SimAccountSpec.of(GITHUB, "github", "acme")
              .users(USERS)
              .vendorPageSize(15)
              .materialised());
      sim.addAccount(
          SimAccountSpec.of(OKTA, "okta", "acme").users(USERS).vendorPageSize(15).materialised());
      List<String> accountIds = List.of(GITHUB, OKTA);
      List<IntegratedAccount> accounts =
          List.of(
              TestRoster.account(GITHUB, "github", Map.of("organization_id", ORGANIZATION)),
              TestRoster.account(OKTA, "okta", Map.of()));

      try (RosterService roster =
              RosterService.start(
                  TestRoster.settings(sim, registry, "roster-query-" + UUID.randomUUID(), accounts),
                  Clock.systemUTC());
          EventLedger events = new EventLedger(roster.topics().userEvents);
          PollHistory polls = new PollHistory(roster.topics())) {
        Instant started = Instant.now();
        events.awaitAtLeast(USERS * accounts.size(), Duration.ofSeconds(120));
        assertThat(events.events())
            .extracting(UserChangeEvent::getType)
            .containsOnly(ChangeType.USER_DISCOVERED);

        int mark = events.size();
        sim.truth().clear();
        List<SimChange> changes = new ArrayList<>();
        accountIds.forEach(id -> changes.addAll(sim.churn(id, CHANGES_PER_ACCOUNT)));
        Instant churned = Instant.now();
        polls.awaitEveryAccountCompletedSince(churned, accountIds, Duration.ofSeconds(60));
        events.awaitAtLeast(mark + SimTruth.expectedEvents(changes).size(), Duration.ofSeconds(60));
        events.awaitQuiet(
            Duration.ofSeconds(5), Duration.ofSeconds(60)); // further polls must add nothing

        events.assertNetEffect(mark, changes, sim);
        events.assertNoDuplicates();
        events.assertFoldEqualsSimulator(sim, accountIds);
        assertThat(polls.statuses(GITHUB, started))
            .as("every poll of the GitHub account")
            .isNotEmpty()
            .extracting(PollStatus::getOutcome)
            .containsOnly(PollOutcome.COMPLETED);
        List<SimRequest> gets =
            sim.requests()
                .matching(
                    r ->
                        GITHUB.equals(r.accountId())
                            && r.path().startsWith(TrutoSimulator.USERS_PATH + "/"));
        assertThat(gets)
            .as("the GitHub account's per-user gets")
            .hasSizeGreaterThanOrEqualTo(USERS)
            .allSatisfy(
                get -> {
                  assertThat(get.param("organization_id")).isEqualTo(ORGANIZATION);
                  assertThat(get.status()).isEqualTo(200);
                });
      }
    }
  }
}
