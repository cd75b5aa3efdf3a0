package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roster.app.RosterService;
import dev.roster.app.RosterSettings;
import dev.roster.avro.ChangeType;
import dev.roster.avro.IntegratedAccount;
import dev.roster.avro.PollStatus;
import dev.roster.avro.UserChangeEvent;
import dev.roster.registry.server.EmbeddedSchemaRegistry;
import dev.roster.sim.SimAccountSpec;
import dev.roster.sim.SimChange;
import dev.roster.sim.TrutoSimulator;
import dev.roster.testing.KafkaBroker;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two instances with one application id split the accounts and the detector's partitions; when one
 * stops, the other takes everything over, and the events still equal the simulator's truth once.
 */
@ExtendWith(KafkaBroker.class)
class RosterTwoInstancesIT {

  @Test
  void theSurvivorTakesOverAndNothingIsLostOrDuplicated() throws Exception {
    try (TrutoSimulator sim = TestRoster.simulator(5);
        EmbeddedSchemaRegistry registry = TestRoster.registry("two")) {
      List<IntegratedAccount> accounts =
          IntStream.rangeClosed(1, 6)
              .mapToObj(
                  n -> {
                    sim.addAccount(
                        SimAccountSpec.of("acct-" + n, "slack", "acme").users(20).materialised());
                    return TestRoster.account("acct-" + n, "slack", Map.of());
                  })
              .toList();
      RosterSettings settings =
          TestRoster.settings(sim, registry, "roster-two-" + UUID.randomUUID(), accounts);

      Set<String> polledAccounts = ConcurrentHashMap.newKeySet();
      RosterService first = RosterService.start(settings, Clock.systemUTC());
      try (RosterService second =
              RosterService.start(
                  TestRoster.settings(sim, registry, settings.applicationId(), accounts),
                  Clock.systemUTC());
          EventLedger events = new EventLedger(second.topics().userEvents);
          Tail<PollStatus> statusTail =
              new Tail<>(
                  second.topics().pollStatus,
                  status -> polledAccounts.add(status.getIntegratedAccountId()))) {
        await()
            .atMost(Duration.ofSeconds(90))
            .until(() -> events.size() >= 120 && polledAccounts.size() == 6);
        assertThat(events.events())
            .extracting(UserChangeEvent::getType)
            .containsOnly(ChangeType.USER_DISCOVERED);

        first.close();
        int baseline = events.size();
        assertThat(baseline).as("each user discovered once").isEqualTo(120);
        sim.truth().clear();
        List<SimChange> changes = new ArrayList<>();
        accounts.forEach(account -> changes.addAll(sim.churn(account.getId(), 6)));

        events.awaitAtLeast(
            baseline + SimTruth.expectedEvents(changes).size(), Duration.ofSeconds(90));
        events.awaitQuiet(
            Duration.ofSeconds(5), Duration.ofSeconds(30)); // further polls must add nothing
        events.assertNetEffect(baseline, changes, sim);
        events.assertNoDuplicates();
        events.assertFoldEqualsSimulator(
            sim, accounts.stream().map(IntegratedAccount::getId).toList());
      } finally {
        first.close();
      }
    }
  }
}
