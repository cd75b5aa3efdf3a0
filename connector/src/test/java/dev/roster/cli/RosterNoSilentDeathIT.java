package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.app.RosterService;
import dev.roster.app.RosterSettings;
import dev.roster.registry.server.EmbeddedSchemaRegistry;
import dev.roster.sim.SimAccountSpec;
import dev.roster.sim.SimChange;
import dev.roster.sim.TrutoSimulator;
import dev.roster.testing.ChildJvm;
import dev.roster.testing.KafkaBroker;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * No silent death: what used to stop a worker for good while health said green. A record on
 * roster.accounts that is not Avro ended the poller thread; now it is dead-lettered and polling
 * goes on. A detector that cannot go on (its input topic was deleted under it: not a bad record but
 * Kafka failing it, so Streams stops) used to leave the process running without one; now
 * /health/live says so and {@code roster run} exits non-zero, for the orchestrator to restart it.
 */
@ExtendWith(KafkaBroker.class)
class RosterNoSilentDeathIT {

  private static final Pattern STATUS_PAGE = Pattern.compile("Status page on (http://\\S+:\\d+/) ");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static EmbeddedSchemaRegistry registry;

  @BeforeAll
  static void startRegistry() {
    registry = TestRoster.registry("no-silent-death");
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @Test
  void aRecordOfTheAccountsTableThatIsNotAvroIsDeadLetteredAndPollingGoesOn() throws Exception {
    try (TrutoSimulator sim = TestRoster.simulator(71)) {
      sim.addAccount(SimAccountSpec.of("acct-1", "slack", "acme").users(30).materialised());
      sim.addAccount(
          SimAccountSpec.of("acct-2", "googleworkspace", "acme").users(30).materialised());
      List<String> accountIds = List.of("acct-1", "acct-2");
      RunDeployment roster = new RunDeployment("roster-poison", sim, registry.url(), accountIds);
      byte[] poison =
          "{\"id\": \"not framed for the registry, not Avro\"}".getBytes(StandardCharsets.UTF_8);

      try (EventLedger events = new EventLedger(roster.topics.userEvents);
          DeadLetters deadLetters = new DeadLetters(roster.topics.deadLetter);
          ChildJvm run = roster.run(roster.config("state"), "run")) {
        events.awaitAtLeast(60, Duration.ofSeconds(120));
        try (KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(
                KafkaBroker.handle().producerProps(),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
          producer
              .send(
                  new ProducerRecord<>(
                      roster.topics.accounts.name(),
                      "poison-pill".getBytes(StandardCharsets.UTF_8),
                      poison))
              .get();
        }
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () ->
                    assertThat(deadLetters.of("poison-pill"))
                        .singleElement()
                        .satisfies(
                            letter -> {
                              assertThat(letter.source()).isEqualTo("accounts");
                              assertThat(letter.reason())
                                  .contains("cannot be read")
                                  .contains(roster.topics.accounts.name())
                                  .contains("offset");
                              assertThat(letter.value()).isEqualTo(poison);
                            }));

        // Polling goes on: later changes of both accounts still become their events.
        int mark = events.size();
        sim.truth().clear();
        List<SimChange> changes = new ArrayList<>();
        accountIds.forEach(id -> changes.addAll(sim.churn(id, 6)));
        events.awaitAtLeast(mark + SimTruth.expectedEvents(changes).size(), Duration.ofSeconds(90));
        events.awaitQuiet(Duration.ofSeconds(5), Duration.ofSeconds(60));
        events.assertNetEffect(mark, changes, sim);
        events.assertNoDuplicates();

        URI ops = opsUrl(run);
        assertThat(RosterServiceIT.get(ops.resolve("/health/live")).statusCode()).isEqualTo(200);
        HttpResponse<String> ready = RosterServiceIT.get(ops.resolve("/health/ready"));
        assertThat(JSON.readTree(ready.body()).at("/checks/poller/status").asText())
            .as(ready.body())
            .isEqualTo("UP");
        assertThat(run.isAlive()).isTrue();
      }
    }
  }

  @Test
  void aDetectorThatLostItsInputTopicIsNotLiveAndTheProcessExitsNonZero() throws Exception {
    try (TrutoSimulator sim = TestRoster.simulator(72)) {
      // No account: nothing writes observations, so nothing recreates the topic once it is deleted.
      RunDeployment roster =
          new RunDeployment("roster-detector-failure", sim, registry.url(), List.of());

      // In this JVM first, so that the failed state can be looked at for as long as needed (roster
      // run exits at once).
      RosterSettings settings = TestRoster.settings(sim, registry, roster.applicationId, List.of());
      try (RosterService service = RosterService.start(settings, Clock.systemUTC())) {
        await().atMost(Duration.ofSeconds(60)).until(() -> ready(service.opsUrl()));
        deleteObservationsTopic(roster);
        String failure = service.failure().get(90, TimeUnit.SECONDS);
        assertThat(failure).contains("the change detector cannot go on");
        HttpResponse<String> live = RosterServiceIT.get(service.opsUrl().resolve("/health/live"));
        JsonNode checks = JSON.readTree(live.body()).path("checks");
        assertThat(live.statusCode()).as(live.body()).isEqualTo(503);
        assertThat(checks.at("/streams/status").asText()).isEqualTo("DOWN");
        assertThat(checks.at("/streams/detail").asText())
            .contains("ERROR")
            .contains("source topics were missing");
        assertThat(checks.at("/poller/status").asText()).isEqualTo("UP");
      }

      // roster run recreates the missing topic at start; it loses it again while running, and exits
      // non-zero.
      try (ChildJvm run = roster.run(roster.config("state"), "run")) {
        await()
            .atMost(Duration.ofSeconds(90))
            .until(() -> Files.readString(run.log()).contains("-> RUNNING"));
        deleteObservationsTopic(roster);
        int exitCode = run.waitForExit(90, TimeUnit.SECONDS);
        assertThat(exitCode).as(run.logTail()).isEqualTo(RosterCli.FAILED);
        assertThat(Files.readString(run.log()))
            .contains("roster run: the change detector cannot go on")
            .contains("Roster '" + roster.applicationId + "' stopped");
      }
    }
  }

  private static void deleteObservationsTopic(RunDeployment roster) throws Exception {
    try (Admin admin = Admin.create(KafkaBroker.handle().adminConfig())) {
      admin
          .deleteTopics(List.of(roster.topics.observations.name()))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  private static boolean ready(URI ops) throws Exception {
    return RosterServiceIT.get(ops.resolve("/health/ready")).statusCode() == 200;
  }

  /**
   * The status page of {@code roster run}, which listens on loopback when ops.host is not set
   * (README.md).
   */
  private static URI opsUrl(ChildJvm run) throws Exception {
    Matcher matcher = STATUS_PAGE.matcher(Files.readString(run.log()));
    assertThat(matcher.find()).as("the status page's address in the log").isTrue();
    URI ops = URI.create(matcher.group(1));
    assertThat(ops.getHost()).as("a plain run listens on loopback").isEqualTo("127.0.0.1");
    return ops;
  }
}
