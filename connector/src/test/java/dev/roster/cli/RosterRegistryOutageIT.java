package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.app.RosterService;
import dev.roster.app.RosterSettings;
import dev.roster.avro.IntegratedAccount;
import dev.roster.config.RosterConfig;
import dev.roster.registry.server.EmbeddedSchemaRegistry;
import dev.roster.sim.SimAccountSpec;
import dev.roster.sim.SimChange;
import dev.roster.sim.TrutoSimulator;
import dev.roster.testing.ChildJvm;
import dev.roster.testing.KafkaBroker;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The schema registry goes away. A running instance needs it no more (every schema it writes was
 * registered at start-up and is cached), so events keep flowing and only readiness says the
 * registry is down; an instance starting meanwhile waits for it with backoff, and one that waits
 * longer than schema.registry.startup-wait exits with code 1 and a message that says why.
 */
@ExtendWith(KafkaBroker.class)
class RosterRegistryOutageIT {

  private static final List<String> ACCOUNT_IDS = List.of("acct-1", "acct-2", "acct-3");

  /**
   * A registry on a port of its own that the test stops and starts again with the same schemas (its
   * topic keeps them).
   */
  private static final class RestartableRegistry implements AutoCloseable {
    private final EmbeddedSchemaRegistry.Settings settings;
    private EmbeddedSchemaRegistry running;

    RestartableRegistry(String name) {
      EmbeddedSchemaRegistry.Settings anyPort =
          EmbeddedSchemaRegistry.Settings.local(KafkaBroker.bootstrapServers())
              .withTopic(KafkaBroker.handle().uniqueTopic("_schemas-" + name));
      running = EmbeddedSchemaRegistry.start(anyPort);
      settings = anyPort.withPort(URI.create(running.url()).getPort());
    }

    String url() {
      return "http://127.0.0.1:" + settings.port();
    }

    void stop() {
      running.close();
      running = null;
    }

    void start() {
      running = EmbeddedSchemaRegistry.start(settings);
    }

    @Override
    public void close() {
      if (running != null) {
        running.close();
      }
    }
  }

  private static List<IntegratedAccount> accounts(TrutoSimulator sim) {
    return ACCOUNT_IDS.stream()
        .map(
            id -> {
              sim.addAccount(SimAccountSpec.of(id, "slack", "acme").users(40).materialised());
              return TestRoster.account(id, "slack", Map.of());
            })
        .toList();
  }

  private static int readiness(RosterService roster) throws Exception {
    return RosterServiceIT.get(roster.opsUrl().resolve("/health/ready")).statusCode();
  }

  /**
   * Churns every account and waits for Roster to report exactly its net effect, and nothing more.
   */
  private static void churnAndExpectItsNetEffect(TrutoSimulator sim, EventLedger events) {
    int mark = events.size();
    sim.truth().clear();
    List<SimChange> changes = new ArrayList<>();
    ACCOUNT_IDS.forEach(id -> changes.addAll(sim.churn(id, 8)));
    events.awaitAtLeast(mark + SimTruth.expectedEvents(changes).size(), Duration.ofSeconds(120));
    events.awaitQuiet(
        Duration.ofSeconds(6), Duration.ofSeconds(60)); // further polls must add nothing
    events.assertNetEffect(mark, changes, sim);
  }

  @Test
  void aRunningInstanceKeepsPublishingWhileTheRegistryIsDown() throws Exception {
    try (TrutoSimulator sim = TestRoster.simulator(51);
        RestartableRegistry registry = new RestartableRegistry("outage")) {
      List<IntegratedAccount> accounts = accounts(sim);
      String applicationId = "roster-registry-" + UUID.randomUUID();
      RosterService first =
          RosterService.start(
              TestRoster.settings(
                  sim, registry.url(), KafkaBroker.bootstrapServers(), applicationId, accounts),
              Clock.systemUTC());
      try (EventLedger events = new EventLedger(first.topics().userEvents)) {
        events.awaitAtLeast(120, Duration.ofSeconds(120));
        // The instance under test is a restarted one: its registry client knows only what start-up
        // registered,
        // where a long-running one would also have cached whatever it happened to write since.
        first.close();
        try (RosterService roster =
            RosterService.start(
                TestRoster.settings(
                    sim, registry.url(), KafkaBroker.bootstrapServers(), applicationId, accounts),
                Clock.systemUTC())) {
          await().atMost(Duration.ofSeconds(90)).until(() -> readiness(roster) == 200);

          registry.stop();
          await()
              .atMost(Duration.ofSeconds(30))
              .untilAsserted(
                  () -> {
                    var ready = RosterServiceIT.get(roster.opsUrl().resolve("/health/ready"));
                    assertThat(ready.statusCode()).isEqualTo(503);
                    JsonNode checks = new ObjectMapper().readTree(ready.body()).path("checks");
                    assertThat(checks.path("registry").path("status").asText())
                        .as(ready.body())
                        .isEqualTo("DOWN");
                    assertThat(checks.path("kafka").path("status").asText())
                        .as(ready.body())
                        .isEqualTo("UP");
                  });
          churnAndExpectItsNetEffect(sim, events);
          assertThat(readiness(roster))
              .as("still unready while the registry is down")
              .isEqualTo(503);

          registry.start();
          await().atMost(Duration.ofSeconds(60)).until(() -> readiness(roster) == 200);
          churnAndExpectItsNetEffect(sim, events);
          events.assertNoDuplicates();
          events.assertFoldEqualsSimulator(sim, ACCOUNT_IDS);
        }
      } finally {
        first.close();
      }
    }
  }

  @Test
  void anInstanceStartingWhileTheRegistryIsDownWaitsForItThenCatchesUp() throws Exception {
    try (TrutoSimulator sim = TestRoster.simulator(52);
        RestartableRegistry registry = new RestartableRegistry("late")) {
      List<IntegratedAccount> accounts = accounts(sim);
      RosterSettings settings =
          TestRoster.settings(
              sim,
              registry.url(),
              KafkaBroker.bootstrapServers(),
              "roster-late-" + UUID.randomUUID(),
              accounts);
      registry.stop();

      CompletableFuture<RosterService> starting =
          CompletableFuture.supplyAsync(() -> RosterService.start(settings, Clock.systemUTC()));
      try {
        Thread.sleep(4000);
        assertThat(starting).as("start-up waits for the registry instead of failing").isNotDone();
        registry.start();
        RosterService roster = starting.get(90, TimeUnit.SECONDS);
        try (roster;
            EventLedger events = new EventLedger(roster.topics().userEvents)) {
          events.awaitAtLeast(120, Duration.ofSeconds(120));
          events.awaitQuiet(Duration.ofSeconds(5), Duration.ofSeconds(60));
          events.assertNoDuplicates();
          events.assertFoldEqualsSimulator(sim, ACCOUNT_IDS);
        }
      } finally {
        starting.thenAccept(RosterService::close);
      }
    }
  }

  @Test
  void runGivesUpWithAClearMessageWhenTheRegistryStaysAway() throws Exception {
    try (TrutoSimulator sim = TestRoster.simulator(53);
        RestartableRegistry registry = new RestartableRegistry("absent")) {
      registry.stop();
      Path work = Files.createTempDirectory("roster-no-registry");
      Path config =
          RunConfigFile.write(
              work,
              sim,
              registry.url(),
              KafkaBroker.bootstrapServers(),
              "roster-absent-" + UUID.randomUUID(),
              work.resolve("state"),
              accounts(sim),
              Map.of(RosterConfig.SCHEMA_REGISTRY_STARTUP_WAIT, "3s"));
      try (ChildJvm run =
          ChildJvm.start(
              RosterCli.class,
              List.of("run", "--config", config.toString()),
              "256m",
              work.resolve("run.log"))) {
        assertThat(run.waitForExit(120, TimeUnit.SECONDS))
            .as(run.logTail())
            .isEqualTo(RosterCli.FAILED);
        assertThat(Files.readString(run.log()))
            .contains("Cannot register Roster's schemas yet")
            .contains(
                "roster run: The schema registry did not become available within PT3S (schema.registry.startup-wait)")
            .contains(registry.url())
            .doesNotContain("\tat dev.roster"); // a message, not a stack trace
      }
    }
  }
}
