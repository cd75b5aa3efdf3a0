package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roster.avro.AccountSource;
import dev.roster.avro.ChangeType;
import dev.roster.avro.ErrorCategory;
import dev.roster.avro.IntegratedAccount;
import dev.roster.avro.PollOutcome;
import dev.roster.avro.PollStatus;
import dev.roster.avro.UserChangeEvent;
import dev.roster.detect.DetectorSettings;
import dev.roster.kafka.TopicSettings;
import dev.roster.poll.BackoffPolicy;
import dev.roster.poll.PollScheduler;
import dev.roster.registry.AvroSerdeConfig;
import dev.roster.registry.RegistryClientConfig;
import dev.roster.registry.server.EmbeddedSchemaRegistry;
import dev.roster.sim.SimAccountSpec;
import dev.roster.sim.SimAccountState;
import dev.roster.sim.SimChange;
import dev.roster.sim.SimulatorConfig;
import dev.roster.sim.TrutoSimulator;
import dev.roster.testing.HeadlessChromium;
import dev.roster.testing.KafkaBroker;
import dev.roster.truto.ApiToken;
import dev.roster.truto.RequestBudget;
import dev.roster.truto.TrutoClientSettings;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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

  static final String TOKEN = "it-token";

  static IntegratedAccount account(String id, String integration, Map<String, String> query) {
    return IntegratedAccount.newBuilder().setId(id).setIntegration(integration).setTenantId("acme").setQuery(query)
        .setEnabled(true).setSource(AccountSource.CONFIG).build();
  }

  static java.net.http.HttpResponse<String> get(URI uri) throws java.io.IOException, InterruptedException {
    return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(uri).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  /** One instance's settings: fast polls, budgets lifted, topics of their own. */
  static RosterSettings settings(TrutoSimulator sim, EmbeddedSchemaRegistry registry, String applicationId, List<IntegratedAccount> accounts)
      throws java.io.IOException {
    return new RosterSettings(
        TrutoClientSettings.defaults(URI.create(sim.baseUrl()), ApiToken.of(TOKEN))
            .withBudgets(new RequestBudget(1000, Duration.ofSeconds(1)), new RequestBudget(1000, Duration.ofSeconds(1))),
        Map.of("bootstrap.servers", KafkaBroker.bootstrapServers(), "commit.interval.ms", 100),
        RegistryClientConfig.of(registry.url()), AvroSerdeConfig.DEFAULTS,
        TopicSettings.singleBroker(applicationId + ".", 3), DetectorSettings.defaults(),
        new PollScheduler.Settings(Duration.ofSeconds(2), Map.of(), 0.1, 4, Map.of(), BackoffPolicy.DEFAULTS),
        applicationId, Files.createTempDirectory("roster-e2e"), () -> accounts, Duration.ofMinutes(5),
        new java.net.InetSocketAddress("127.0.0.1", 0));
  }

  @Test
  void eventsEqualTheSimulatorsTruth() throws Exception {
    try (TrutoSimulator sim = TrutoSimulator.start(SimulatorConfig.builder().port(0).apiToken(TOKEN).seed(11).unlimited().build());
        EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(EmbeddedSchemaRegistry.Settings.local(KafkaBroker.bootstrapServers())
            .withTopic(KafkaBroker.handle().uniqueTopic("_schemas-e2e")))) {
      sim.addAccount(SimAccountSpec.of("okta-1", "okta", "acme").users(40).materialised());
      sim.addAccount(SimAccountSpec.of("gh-1", "github", "acme").users(25).materialised());
      sim.addAccount(SimAccountSpec.of("gw-1", "googleworkspace", "acme").users(60).materialised());
      sim.addAccount(SimAccountSpec.of("hs-1", "hubspot", "acme").users(10).state(SimAccountState.NEEDS_REAUTH));
      List<IntegratedAccount> accounts = List.of(
          account("okta-1", "okta", Map.of()),
          account("gh-1", "github", Map.of("organization_id", "acme-org")),
          account("gw-1", "googleworkspace", Map.of()),
          account("hs-1", "hubspot", Map.of()));

      RosterSettings settings = settings(sim, registry, "roster-e2e-" + UUID.randomUUID(), accounts);

      List<UserChangeEvent> events = new CopyOnWriteArrayList<>();
      Map<String, PollStatus> statuses = new ConcurrentHashMap<>();
      try (RosterService roster = RosterService.start(settings, Clock.systemUTC());
          Tail<UserChangeEvent> eventTail = new Tail<>(roster.topics().userEvents, events::add);
          Tail<PollStatus> statusTail = new Tail<>(roster.topics().pollStatus, status -> statuses.put(status.getIntegratedAccountId(), status))) {

        // The baseline: every user of every healthy account, discovered once.
        await().atMost(Duration.ofSeconds(90)).until(() -> events.size() >= 125);
        assertThat(events).extracting(UserChangeEvent::getType).containsOnly(ChangeType.USER_DISCOVERED);
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
        Map<String, ChangeType> expected = SimTruth.expectedEvents(changes);
        System.out.println("[e2e] churn " + changes.stream().map(c -> c.kind().name()).collect(Collectors.groupingBy(k -> k, Collectors.counting()))
            + " -> expected " + expected.values().stream().collect(Collectors.groupingBy(t -> t, Collectors.counting())));

        await().atMost(Duration.ofSeconds(60)).until(() -> events.size() - baseline >= expected.size());
        Thread.sleep(5000); // further polls must add nothing
        Map<String, ChangeType> reported = events.subList(baseline, events.size()).stream()
            .collect(Collectors.toMap(e -> e.getIntegratedAccountId() + "/" + e.getUserId(), UserChangeEvent::getType));
        assertThat(reported).isEqualTo(expected);
        assertThat(events.stream().map(UserChangeEvent::getEventId).distinct().count()).as("no duplicates").isEqualTo(events.size());
        assertThat(events).noneMatch(e -> e.getIntegratedAccountId().equals("hs-1"));

        // The status page as a browser shows it, then health and metrics, of the same instance.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get(roster.opsUrl().resolve("/")).body()).contains("hs-1"));
        List<String> rows = HeadlessChromium.accountRows(HeadlessChromium.dumpDom(roster.opsUrl()));
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0)).as("the account needing re-authentication comes first and says so")
            .contains("hs-1").contains("needs re-authentication");
        assertThat(get(roster.opsUrl().resolve("/health/ready")).statusCode()).isEqualTo(200);
        assertThat(get(roster.opsUrl().resolve("/metrics")).body()).contains("roster_polls_total").contains("okta-1");
      }
    }
  }
}
