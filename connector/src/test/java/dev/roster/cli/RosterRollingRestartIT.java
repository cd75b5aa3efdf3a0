package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roster.app.RosterService;
import dev.roster.app.RosterSettings;
import dev.roster.avro.ChangeType;
import dev.roster.avro.IntegratedAccount;
import dev.roster.avro.UserChangeEvent;
import dev.roster.registry.server.EmbeddedSchemaRegistry;
import dev.roster.sim.SimChange;
import dev.roster.sim.TrutoSimulator;
import dev.roster.testing.KafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Three instances with one application id, restarted one at a time while the simulator churns, as a
 * rolling deployment does: the first and the last come back with their state directory (a pod with
 * a volume), the middle one with an empty one (a new pod, whose detector stores are rebuilt from
 * their changelogs). Afterwards the events must equal the simulator's truth, once each: nothing
 * lost while partitions moved, nothing published twice by the old and the new owner, no user
 * removed or created because a poll was cut off, and the baseline never repeated. The pollers send
 * unchanged users as fingerprints (SentFingerprints), a memory each instance loses when it restarts
 * and drops for every account that moves: the same checks prove that costs no change.
 */
@ExtendWith(KafkaBroker.class)
class RosterRollingRestartIT {

  private static final int INSTANCES = 3;
  private static final List<String> INTEGRATIONS =
      List.of("slack", "okta", "googleworkspace", "zoom", "salesforce");
  private static final Duration GENEROUS = Duration.ofMinutes(3); // a loaded 2-core machine

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aRollingRestartUnderChurnLosesAndRepeatsNothing() throws Exception {
    try (TrutoSimulator sim = TestRoster.simulator(23);
        EmbeddedSchemaRegistry registry = TestRoster.registry("rolling");
        Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaBroker.bootstrapServers()))) {
      List<IntegratedAccount> accounts =
          TestRoster.addAccounts(sim, "acct", 30, INTEGRATIONS, n -> 10 + (n * 7) % 21);
      List<String> accountIds = accounts.stream().map(IntegratedAccount::getId).toList();
      List<String> baselineUsers = SimTruth.currentUsers(sim, accountIds);
      String applicationId = "roster-rolling-" + UUID.randomUUID();

      List<RosterSettings> settings = new ArrayList<>();
      List<RosterService> instances = new ArrayList<>();
      for (int i = 0; i < INSTANCES; i++) {
        settings.add(TestRoster.settings(sim, registry, applicationId, accounts));
        instances.add(RosterService.start(settings.get(i), Clock.systemUTC()));
      }
      try (EventLedger events = new EventLedger(instances.get(0).topics().userEvents);
          PollHistory polls = new PollHistory(instances.get(0).topics())) {
        events.awaitAtLeast(baselineUsers.size(), GENEROUS);
        assertThat(events.events())
            .extracting(UserChangeEvent::getType)
            .containsOnly(ChangeType.USER_DISCOVERED);
        awaitAllServing(instances, applicationId, admin);

        sim.truth().clear();
        sim.startChurn(Duration.ofMillis(250), 1);
        for (int i = 0; i < INSTANCES; i++) {
          boolean keepsStateDir = i != 1;
          instances.get(i).close();
          Instant closed = Instant.now();
          polls.awaitEveryAccountCompletedSince(
              closed, accountIds, GENEROUS); // the survivors took its accounts over
          RosterSettings restart =
              keepsStateDir
                  ? settings.get(i)
                  : TestRoster.settings(sim, registry, applicationId, accounts);
          instances.set(i, RosterService.start(restart, Clock.systemUTC()));
          awaitAllServing(instances, applicationId, admin);
          System.out.printf(
              "[rolling] instance %d restarted (%s state dir); %d events, %d polls so far%n",
              i, keepsStateDir ? "same" : "fresh", events.size(), polls.completedCount());
        }
        sim.stopChurn();
        Instant churnStopped = Instant.now();
        polls.awaitEveryAccountCompletedSince(churnStopped, accountIds, GENEROUS);
        events.awaitQuiet(
            Duration.ofSeconds(6), GENEROUS); // longer than a poll interval plus a commit interval

        List<SimChange> truth = sim.truth().all();
        System.out.printf(
            "[rolling] %d accounts, %d baseline users, %d changes made, %d polls completed (%d failed), events %s, %d users confirmed unchanged from fingerprints, %d asked for in full%n",
            accountIds.size(),
            baselineUsers.size(),
            truth.size(),
            polls.completedCount(),
            polls.failures().size(),
            events.countsByType(),
            polls.unchangedConfirmed(),
            polls.askedInFull());
        assertThat(sim.truth().dropped()).as("the truth log kept every change").isZero();
        assertThat(events.size())
            .as("churn during the restarts raised events")
            .isGreaterThan(baselineUsers.size());
        assertThat(polls.failures())
            .as("polls failed, though stopping a poll for a restart or a rebalance is no failure")
            .isEmpty();
        // The pollers' memories of their accounts' last polls were used, dropped with every move
        // of an account, and never cost a change: the checks below hold with them.
        assertThat(polls.unchangedConfirmed())
            .as("users re-polled unchanged went as fingerprints and were confirmed")
            .isGreaterThan(baselineUsers.size());
        events.assertNoDuplicates();
        events.assertBaselineIs(baselineUsers);
        events.assertCreationsAndRemovalsIn(truth);
        events.assertFoldEqualsSimulator(sim, accountIds);
      } finally {
        sim.stopChurn();
        instances.forEach(RosterService::close);
      }
    }
  }

  /**
   * Every instance's detector is running and every instance's poller holds a partition of the
   * accounts: the group has settled with all of them in it.
   */
  private void awaitAllServing(List<RosterService> instances, String applicationId, Admin admin) {
    await()
        .atMost(GENEROUS)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              for (RosterService instance : instances) {
                if (status(instance.opsUrl().resolve("/health/ready")) != 200) {
                  return false;
                }
              }
              ConsumerGroupDescription pollers =
                  admin
                      .describeConsumerGroups(List.of(applicationId + "-poller"))
                      .all()
                      .get()
                      .get(applicationId + "-poller");
              return pollers.members().size() == instances.size()
                  && pollers.members().stream()
                      .allMatch(member -> !member.assignment().topicPartitions().isEmpty());
            });
  }

  private int status(URI uri) throws Exception {
    return http.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
