package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.app.RosterService;
import dev.roster.app.RosterSettings;
import dev.roster.avro.IdentityKey;
import dev.roster.avro.UserKey;
import dev.roster.registry.AvroBombs;
import dev.roster.registry.AvroSerde;
import dev.roster.registry.RegistryClientConfig;
import dev.roster.registry.SchemaRegistryClient;
import dev.roster.registry.server.EmbeddedSchemaRegistry;
import dev.roster.sim.SimAccountSpec;
import dev.roster.sim.SimChange;
import dev.roster.sim.TrutoSimulator;
import dev.roster.testing.ChildJvm;
import dev.roster.testing.KafkaBroker;
import dev.roster.topics.RosterTopics;
import dev.roster.topics.TopicSpec;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * No silent death: what used to stop a worker for good while health said green. A record on
 * roster.accounts that is not Avro ended the poller thread; now it is dead-lettered and polling
 * goes on. An Avro bomb on any topic Roster reads was an OutOfMemoryError; now it is a data error
 * like any unreadable record. A detector that cannot go on (its input topic was deleted under it:
 * not a bad record but Kafka failing it, so Streams stops) used to leave the process running
 * without one; now /health/live says so and {@code roster run} exits non-zero, for the orchestrator
 * to restart it.
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

  /**
   * Records nobody can read, on every topic Roster reads: on roster.accounts one that is not Avro;
   * on each topic (roster.accounts, roster.observations, roster.users, roster.identity-changes,
   * roster.poll-status, roster.poll-summaries, roster.user-events, roster.identity-alerts) Avro
   * bombs of a few bytes, framed with the topic's real schema id, declaring a 1 GB string or a
   * 400-million-item array. In a JVM with the image's flags (384 MB heap, exit on
   * OutOfMemoryError), each was an OutOfMemoryError before bounded decoding
   * (docs/architecture.md#bounded-decoding). Now: the poller and the Streams applications
   * dead-letter what they read, the ops feed skips with a WARN naming where, the process stays up,
   * later changes are exactly their events, and a restart with the bombs still on the topics starts
   * cleanly and goes on.
   */
  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void unreadableRecordsOnEveryInputTopicAreSkippedAndRosterGoesOnAcrossARestart()
      throws Exception {
    try (TrutoSimulator sim = TestRoster.simulator(71)) {
      sim.addAccount(SimAccountSpec.of("acct-1", "slack", "acme").users(30).materialised());
      sim.addAccount(
          SimAccountSpec.of("acct-2", "googleworkspace", "acme").users(30).materialised());
      List<String> accountIds = List.of("acct-1", "acct-2");
      RunDeployment roster = new RunDeployment("roster-poison", sim, registry.url(), accountIds);
      byte[] poison =
          "{\"id\": \"not framed for the registry, not Avro\"}".getBytes(StandardCharsets.UTF_8);

      try (EventLedger events = new EventLedger(roster.topics.userEvents);
          DeadLetters deadLetters = new DeadLetters(roster.topics.deadLetter)) {
        List<Bomb> bombs;
        try (ChildJvm run = roster.run(roster.config("state"), "run")) {
          events.awaitAtLeast(60, Duration.ofSeconds(120));
          send(roster.topics.accounts.name(), utf8("poison-pill"), poison);
          bombs = writeBombs(roster);
          await()
              .atMost(Duration.ofSeconds(60))
              .untilAsserted(
                  () -> {
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
                            });
                    assertBombsHandled(roster, bombs, deadLetters, Files.readString(run.log()));
                  });
          changesAreExactlyTheirEvents(sim, accountIds, events);
          assertUp(run);
          run.stop();
        }

        // The bombs are still on every topic: a new start reads them all again from the start.
        try (ChildJvm restart = roster.run(roster.config("state"), "restart")) {
          await()
              .atMost(Duration.ofSeconds(90))
              .until(() -> Files.readString(restart.log()).contains("Status page on"));
          await().atMost(Duration.ofSeconds(90)).until(() -> ready(opsUrl(restart)));
          changesAreExactlyTheirEvents(sim, accountIds, events);
          assertUp(restart);
          String log = Files.readString(restart.log());
          assertThat(log)
              .as("the restart met the bombs again")
              .contains("Skipping account record at " + roster.topics.accounts.name())
              .contains("Accounts table '" + roster.topics.accounts.name() + "': skipping")
              .contains("roster-ops-feed skips " + roster.topics.pollStatus.name());
          assertThat(log.lines())
              .as("bad records are WARNs: the restart logs no ERROR")
              .noneMatch(line -> line.contains(" ERROR "));
        }
      }
    }
  }

  /** One unreadable record, where it landed and what it declares. */
  private record Bomb(String topic, int partition, long offset, byte[] value, String declared) {}

  /**
   * Both bombs (where the schema has them) on every Avro topic Roster reads, each with a valid key.
   */
  private static List<Bomb> writeBombs(RunDeployment roster) throws Exception {
    RosterTopics topics = roster.topics;
    SchemaRegistryClient client = new SchemaRegistryClient(RegistryClientConfig.of(registry.url()));
    UserKey userKey = new UserKey("bomb-account", "bomb-user");
    IdentityKey identityKey = new IdentityKey("bomb-tenant", "email:bomb@bomb.example");
    List<Bomb> bombs = new ArrayList<>();
    for (AvroBombs.Kind kind : AvroBombs.Kind.values()) {
      String name = "bomb-" + kind;
      bombs.addAll(bomb(client, topics.accounts, name, kind));
      bombs.addAll(bomb(client, topics.pollStatus, name, kind));
      bombs.addAll(bomb(client, topics.pollSummaries, name, kind));
      bombs.addAll(bomb(client, topics.observations, userKey, kind));
      bombs.addAll(bomb(client, topics.users, userKey, kind));
      bombs.addAll(bomb(client, topics.userEvents, userKey, kind));
      bombs.addAll(bomb(client, topics.identityChanges, identityKey, kind));
      bombs.addAll(bomb(client, topics.identityAlerts, identityKey, kind));
    }
    assertThat(bombs)
        .extracting(Bomb::topic)
        .as("a bomb on every Avro topic Roster reads")
        .contains(
            topics.accounts.name(),
            topics.pollStatus.name(),
            topics.pollSummaries.name(),
            topics.observations.name(),
            topics.users.name(),
            topics.userEvents.name(),
            topics.identityChanges.name(),
            topics.identityAlerts.name());
    return bombs;
  }

  private static <K> List<Bomb> bomb(
      SchemaRegistryClient client, TopicSpec<K, ?> topic, K key, AvroBombs.Kind kind)
      throws Exception {
    AvroSerde<?> values = (AvroSerde<?>) topic.valueSerde();
    Schema schema = values.schema().orElseThrow();
    int id = client.idOf(values.subject(topic.name()).orElseThrow(), schema);
    Optional<byte[]> bomb = AvroBombs.framed(id, schema, kind);
    if (bomb.isEmpty()) {
      return List.of();
    }
    RecordMetadata sent =
        send(topic.name(), topic.keySerde().serializer().serialize(topic.name(), key), bomb.get());
    return List.of(
        new Bomb(
            topic.name(),
            sent.partition(),
            sent.offset(),
            bomb.get(),
            String.valueOf(
                kind == AvroBombs.Kind.LONG_STRING ? AvroBombs.STRING_BYTES : AvroBombs.ITEMS)));
  }

  private static RecordMetadata send(String topic, byte[] key, byte[] value) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            KafkaBroker.handle().producerProps(),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      return producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
  }

  /**
   * Where each bomb went: the poller dead-letters the accounts table's, the Streams applications
   * dead-letter their inputs', and the ops feed skips each of its topics' with a WARN naming the
   * record and the refused size.
   */
  private static void assertBombsHandled(
      RunDeployment roster, List<Bomb> bombs, DeadLetters deadLetters, String log) {
    RosterTopics topics = roster.topics;
    Set<String> streamsInputs =
        Set.of(topics.observations.name(), topics.users.name(), topics.identityChanges.name());
    Set<String> followed =
        Set.of(
            topics.accounts.name(),
            topics.pollStatus.name(),
            topics.pollSummaries.name(),
            topics.userEvents.name(),
            topics.identityAlerts.name());
    for (Bomb bomb : bombs) {
      String where = bomb.topic() + "-" + bomb.partition();
      if (bomb.topic().equals(topics.accounts.name())) {
        assertThat(deadLetters.all())
            .as("the poller dead-letters %s@%d", where, bomb.offset())
            .anySatisfy(
                letter -> {
                  assertThat(letter.source()).isEqualTo("accounts");
                  assertThat(letter.value()).isEqualTo(bomb.value());
                  assertThat(letter.reason())
                      .contains(where + " offset " + bomb.offset())
                      .contains(bomb.declared());
                });
      }
      if (streamsInputs.contains(bomb.topic())) {
        assertThat(deadLetters.all())
            .as("Kafka Streams dead-letters %s@%d", where, bomb.offset())
            .anySatisfy(
                letter -> {
                  assertThat(letter.value()).isEqualTo(bomb.value());
                  assertThat(letter.streamsReason()).contains(bomb.declared());
                });
      }
      if (followed.contains(bomb.topic())) {
        assertThat(log.lines())
            .as("the ops feed skips %s@%d with a WARN", where, bomb.offset())
            .anyMatch(
                line ->
                    line.contains("WARN")
                        && line.contains("roster-ops-feed skips " + where + "@" + bomb.offset())
                        && line.contains(bomb.declared()));
      }
    }
  }

  /** Polling goes on: later changes of both accounts become exactly their events. */
  private static void changesAreExactlyTheirEvents(
      TrutoSimulator sim, List<String> accountIds, EventLedger events) {
    int mark = events.size();
    sim.truth().clear();
    List<SimChange> changes = new ArrayList<>();
    accountIds.forEach(id -> changes.addAll(sim.churn(id, 6)));
    events.awaitAtLeast(mark + SimTruth.expectedEvents(changes).size(), Duration.ofSeconds(90));
    events.awaitQuiet(Duration.ofSeconds(5), Duration.ofSeconds(60));
    events.assertNetEffect(mark, changes, sim);
    events.assertNoDuplicates();
  }

  /** Alive, live, its poller up, and no OutOfMemoryError met on the way. */
  private static void assertUp(ChildJvm run) throws Exception {
    URI ops = opsUrl(run);
    assertThat(RosterServiceIT.get(ops.resolve("/health/live")).statusCode()).isEqualTo(200);
    HttpResponse<String> ready = RosterServiceIT.get(ops.resolve("/health/ready"));
    assertThat(JSON.readTree(ready.body()).at("/checks/poller/status").asText())
        .as(ready.body())
        .isEqualTo("UP");
    assertThat(run.isAlive()).isTrue();
    assertThat(Files.readString(run.log())).doesNotContain("OutOfMemoryError");
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
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
