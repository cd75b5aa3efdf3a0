package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roster.app.RosterService;
import dev.roster.app.RosterSettings;
import dev.roster.avro.ChangeType;
import dev.roster.avro.IntegratedAccount;
import dev.roster.avro.UserChangeEvent;
import dev.roster.embedded.EmbeddedKafkaBroker;
import dev.roster.registry.server.EmbeddedSchemaRegistry;
import dev.roster.sim.SimAccountSpec;
import dev.roster.sim.SimChange;
import dev.roster.sim.TrutoSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The Kafka broker stops while a poll is writing its observations and comes back a few seconds
 * later on the same port and data: Roster recovers by itself, and its events still equal the
 * simulator's truth, with nothing twice and no user removed. The broker is this test's own (the
 * shared test broker serves other tests and must not restart).
 */
class RosterBrokerRestartIT {

  @Test
  void aBrokerRestartMidPollLosesDuplicatesAndRemovesNothing() throws Exception {
    int bigUsers = 1500;
    int pageSize = 50;
    Path dataDir = Files.createTempDirectory("roster-broker-restart");
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0);
    int port = broker.port();
    try (TrutoSimulator sim = TestRoster.simulator(41);
        EmbeddedSchemaRegistry registry =
            EmbeddedSchemaRegistry.start(
                EmbeddedSchemaRegistry.Settings.local(broker.bootstrapServers()))) {
      sim.addAccount(
          SimAccountSpec.of("big", "slack", "acme")
              .users(bigUsers)
              .vendorPageSize(pageSize)
              .materialised());
      sim.addAccount(
          SimAccountSpec.of("small", "googleworkspace", "acme").users(30).materialised());
      List<String> accountIds = List.of("big", "small");
      List<IntegratedAccount> accounts =
          accountIds.stream()
              .map(id -> TestRoster.account(id, sim.account(id).spec().integration(), Map.of()))
              .toList();
      RosterSettings settings =
          TestRoster.settings(
              sim,
              registry.url(),
              broker.bootstrapServers(),
              "roster-broker-" + UUID.randomUUID(),
              accounts);

      try (RosterService roster = RosterService.start(settings, Clock.systemUTC());
          EventLedger events =
              new EventLedger(roster.topics().userEvents, broker.bootstrapServers())) {
        events.awaitAtLeast(bigUsers + 30, Duration.ofSeconds(180));
        assertThat(events.events())
            .extracting(UserChangeEvent::getType)
            .containsOnly(ChangeType.USER_DISCOVERED);

        // Changes for the next poll of "big", which is slowed down so that the broker stops in the
        // middle of it.
        int mark = events.size();
        sim.truth().clear();
        long churnedAt = System.nanoTime();
        List<SimChange> changes = new ArrayList<>(sim.churn("big", 20));
        changes.addAll(sim.churn("small", 8));
        sim.faults("big").delay(Duration.ofMillis(150));
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(20))
            .until(() -> ListingProgress.pagesOfLatestPoll(sim, "big", churnedAt) >= 5);
        broker.close();
        int pagesAtStop = ListingProgress.pagesOfLatestPoll(sim, "big", churnedAt);
        Thread.sleep(5000); // down for a while: sends, commits and fetches fail or wait meanwhile
        broker = EmbeddedKafkaBroker.start(dataDir, port);
        sim.faults("big").clear();

        int expected = SimTruth.expectedEvents(changes).size();
        events.awaitAtLeast(mark + expected, Duration.ofSeconds(240));
        events.awaitQuiet(
            Duration.ofSeconds(6), Duration.ofSeconds(60)); // further polls must add nothing
        System.out.printf(
            "[broker restart] stopped after %d of %d pages of the poll, down 5 s; %d events expected, %d seen%n",
            pagesAtStop, bigUsers / pageSize, expected, events.size() - mark);
        events.assertNetEffect(mark, changes, sim);
        events.assertNoDuplicates();
        events.assertFoldEqualsSimulator(sim, accountIds);
      }
    } finally {
      broker.close();
    }
  }
}
