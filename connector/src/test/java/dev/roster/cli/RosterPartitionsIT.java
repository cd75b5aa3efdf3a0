package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.app.RosterService;
import dev.roster.app.RosterSettings;
import dev.roster.registry.server.EmbeddedSchemaRegistry;
import dev.roster.sim.SimAccountSpec;
import dev.roster.sim.TrutoSimulator;
import dev.roster.testing.KafkaBroker;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A user's partition depends on the partition count, so start-up refuses topics whose count changed
 * under the change detector's state, and state built by a Roster that placed users by their
 * serialized key, saying what is wrong and where the migration is described (README.md, "Changing
 * the number of partitions").
 */
@ExtendWith(KafkaBroker.class)
class RosterPartitionsIT {

  @Test
  void startUpRefusesPartitionsAddedUnderTheDetectorsState() throws Exception {
    try (TrutoSimulator sim = TestRoster.simulator(16);
        EmbeddedSchemaRegistry registry = TestRoster.registry("partitions")) {
      sim.addAccount(SimAccountSpec.of("okta-p", "okta", "acme").users(20).materialised());
      RosterSettings settings =
          TestRoster.settings(
              sim,
              registry,
              "roster-partitions-" + UUID.randomUUID(),
              List.of(TestRoster.account("okta-p", "okta", Map.of())));
      String prefix = settings.topics().prefix();
      try (RosterService roster = RosterService.start(settings, Clock.systemUTC());
          EventLedger events = new EventLedger(roster.topics().userEvents)) {
        events.awaitAtLeast(20, Duration.ofSeconds(90)); // the detector's state exists
      }
      try (Admin admin = Admin.create(KafkaBroker.handle().adminConfig())) {
        admin
            .createPartitions(
                Map.of(
                    prefix + "observations", NewPartitions.increaseTo(TestRoster.PARTITIONS + 2)))
            .all()
            .get(30, TimeUnit.SECONDS);
      }

      assertThatThrownBy(() -> RosterService.start(settings, Clock.systemUTC()).close())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(
              "was built on 3 partitions of '" + prefix + "observations', which now has 5")
          .hasMessageContaining(
              "Topic '" + prefix + "users' has 3 partitions but '" + prefix + "observations' has 5")
          .hasMessageContaining("README.md, \"Changing the number of partitions\"");
    }
  }

  @Test
  void startUpRefusesADetectorStateBuiltByARosterThatPlacedUsersByTheirKeyBytes() throws Exception {
    try (TrutoSimulator sim = TestRoster.simulator(17);
        EmbeddedSchemaRegistry registry = TestRoster.registry("partitions-legacy")) {
      String applicationId = "roster-legacy-" + UUID.randomUUID();
      RosterSettings settings = TestRoster.settings(sim, registry, applicationId, List.of());
      // What an older Roster's detector leaves: the changelogs of its three stores, none of the
      // tallies store.
      for (String store : List.of("users", "seen", "accounts")) {
        KafkaBroker.handle()
            .createTopic(
                applicationId + "-" + store + "-changelog",
                TestRoster.PARTITIONS,
                Map.of("cleanup.policy", "compact"));
      }

      assertThatThrownBy(() -> RosterService.start(settings, Clock.systemUTC()).close())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(
              "was built by an older Roster, which placed users on partitions by their serialized key")
          .hasMessageContaining("README.md, \"Changing the number of partitions\"");
    }
  }
}
