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
import dev.roster.avro.UserChangeEvent;
import dev.roster.registry.server.EmbeddedSchemaRegistry;
import dev.roster.sim.SimAccountSpec;
import dev.roster.sim.SimAccountState;
import dev.roster.sim.SimChange;
import dev.roster.sim.TrutoSimulator;
import dev.roster.testing.HeadlessChromium;
import dev.roster.testing.KafkaBroker;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Roster end to end: the Truto simulator with a partial-response integration, a required-parameter
 * integration and an account needing re-authentication; a real broker; the embedded registry; the
 * poller and the detector. The events must equal the simulator's recorded truth.
 */
@ExtendWith(KafkaBroker.class)
class RosterServiceIT {

  static java.net.http.HttpResponse<String> get(URI uri)
      throws java.io.IOException, InterruptedException {
    return java.net.http.HttpClient.newHttpClient()
        .send(
            java.net.http.HttpRequest.newBuilder(uri).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void eventsEqualTheSimulatorsTruth() throws Exception {
    try (TrutoSimulator sim = TestRoster.simulator(11);
        EmbeddedSchemaRegistry registry = TestRoster.registry("e2e")) {
      sim.addAccount(SimAccountSpec.of("okta-1", "okta", "acme").users(40).materialised());
      sim.addAccount(SimAccountSpec.of("gh-1", "github", "acme").users(25).materialised());
      sim.addAccount(SimAccountSpec.of("gw-1", "googleworkspace", "acme").users(60).materialised());
      sim.addAccount(
          SimAccountSpec.of("hs-1", "hubspot", "acme")
              .users(10)
              .state(SimAccountState.NEEDS_REAUTH));
      List<IntegratedAccount> accounts =
          List.of(
              TestRoster.account("okta-1", "okta", Map.of()),
              TestRoster.account("gh-1", "github", Map.of("organization_id", "acme-org")),
              TestRoster.account("gw-1", "googleworkspace", Map.of()),
              TestRoster.account("hs-1", "hubspot", Map.of()));

      RosterSettings settings =
          TestRoster.settings(sim, registry, "roster-e2e-" + UUID.randomUUID(), accounts);

      Map<String, PollStatus> statuses = new ConcurrentHashMap<>();
      try (RosterService roster = RosterService.start(settings, Clock.systemUTC());
          EventLedger events = new EventLedger(roster.topics().userEvents);
          Tail<PollStatus> statusTail =
              new Tail<>(
                  roster.topics().pollStatus,
                  status -> statuses.put(status.getIntegratedAccountId(), status))) {

        // The baseline: every user of every healthy account, discovered once.
        events.awaitAtLeast(125, Duration.ofSeconds(90));
        assertThat(events.events())
            .extracting(UserChangeEvent::getType)
            .containsOnly(ChangeType.USER_DISCOVERED);
        await().atMost(Duration.ofSeconds(30)).until(() -> statuses.containsKey("hs-1"));
        assertThat(statuses.get("hs-1").getOutcome()).isEqualTo(PollOutcome.FAILED);
        assertThat(statuses.get("hs-1").getErrorCategory()).isEqualTo(ErrorCategory.AUTH);

        // Scripted churn between polls; then Roster must report exactly its net effect.
        int baseline = events.size();
        sim.truth().clear();
        List<SimChange> changes = new ArrayList<>();
        for (String accountId : List.of("okta-1", "gh-1", "gw-1")) {
          changes.addAll(sim.churn(accountId, 12));
        }
        int expected = SimTruth.expectedEvents(changes).size();
        System.out.println(
            "[e2e] churn "
                + changes.stream()
                    .map(c -> c.kind().name())
                    .collect(Collectors.groupingBy(k -> k, Collectors.counting()))
                + " -> "
                + expected
                + " events expected");

        events.awaitAtLeast(baseline + expected, Duration.ofSeconds(60));
        events.awaitQuiet(
            Duration.ofSeconds(5), Duration.ofSeconds(30)); // further polls must add nothing
        events.assertNetEffect(baseline, changes, sim);
        events.assertNoDuplicates();
        events.assertFoldEqualsSimulator(sim, List.of("okta-1", "gh-1", "gw-1"));
        assertThat(events.events()).noneMatch(e -> e.getIntegratedAccountId().equals("hs-1"));

        // The status page as a browser shows it, then health and metrics, of the same instance.
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> assertThat(get(roster.opsUrl().resolve("/")).body()).contains("hs-1"));
        List<String> rows = HeadlessChromium.accountRows(HeadlessChromium.dumpDom(roster.opsUrl()));
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0))
            .as("the account needing re-authentication comes first and says so")
            .contains("hs-1")
            .contains("needs re-authentication");
        assertThat(get(roster.opsUrl().resolve("/health/ready")).statusCode()).isEqualTo(200);
        assertThat(get(roster.opsUrl().resolve("/metrics")).body())
            .contains("roster_polls_total")
            .contains("okta-1");
      }
    }
  }
}
