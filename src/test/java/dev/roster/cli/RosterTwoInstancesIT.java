package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roster.avro.ChangeType;
import dev.roster.avro.IntegratedAccount;
import dev.roster.avro.PollStatus;
import dev.roster.avro.UserChangeEvent;
import dev.roster.registry.server.EmbeddedSchemaRegistry;
import dev.roster.sim.SimAccountSpec;
import dev.roster.sim.SimChange;
import dev.roster.sim.SimulatorConfig;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
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
    try (TrutoSimulator sim = TrutoSimulator.start(SimulatorConfig.builder().port(0).apiToken(RosterServiceIT.TOKEN).seed(5).unlimited().build());
        EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(EmbeddedSchemaRegistry.Settings.local(KafkaBroker.bootstrapServers())
            .withTopic(KafkaBroker.handle().uniqueTopic("_schemas-two")))) {
      List<IntegratedAccount> accounts = IntStream.rangeClosed(1, 6).mapToObj(n -> {
        sim.addAccount(SimAccountSpec.of("acct-" + n, "slack", "acme").users(20).materialised());
        return RosterServiceIT.account("acct-" + n, "slack", Map.of());
      }).toList();
      RosterSettings settings = RosterServiceIT.settings(sim, registry, "roster-two-" + UUID.randomUUID(), accounts);

      List<UserChangeEvent> events = new CopyOnWriteArrayList<>();
      Set<String> polledAccounts = ConcurrentHashMap.newKeySet();
      RosterService first = RosterService.start(settings, Clock.systemUTC());
      try (RosterService second = RosterService.start(RosterServiceIT.settings(sim, registry, settings.applicationId(), accounts), Clock.systemUTC());
          Tail<UserChangeEvent> eventTail = new Tail<>(second.topics().userEvents, events::add);
          Tail<PollStatus> statusTail = new Tail<>(second.topics().pollStatus, status -> polledAccounts.add(status.getIntegratedAccountId()))) {
        await().atMost(Duration.ofSeconds(90)).until(() -> events.size() >= 120 && polledAccounts.size() == 6);
        assertThat(events).extracting(UserChangeEvent::getType).containsOnly(ChangeType.USER_DISCOVERED);

        first.close();
        int baseline = events.size();
        sim.truth().clear();
        List<SimChange> changes = new ArrayList<>();
        accounts.forEach(account -> changes.addAll(sim.churn(account.getId(), 6)));
        Map<String, ChangeType> expected = SimTruth.expectedEvents(changes);

        await().atMost(Duration.ofSeconds(90)).until(() -> events.size() - baseline >= expected.size());
        Thread.sleep(5000); // further polls must add nothing
        Map<String, ChangeType> reported = events.subList(baseline, events.size()).stream()
            .collect(Collectors.toMap(e -> e.getIntegratedAccountId() + "/" + e.getUserId(), UserChangeEvent::getType));
        assertThat(reported).isEqualTo(expected);
        assertThat(events.stream().map(UserChangeEvent::getEventId).distinct().count()).as("no duplicates").isEqualTo(events.size());
        assertThat(events.subList(0, baseline)).as("each user discovered once").hasSize(120);
      } finally {
        first.close();
      }
    }
  }
}
