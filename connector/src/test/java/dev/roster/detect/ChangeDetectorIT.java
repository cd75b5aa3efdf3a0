package dev.roster.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roster.avro.ChangeType;
import dev.roster.avro.StatusCategory;
import dev.roster.avro.User;
import dev.roster.avro.UserChangeEvent;
import dev.roster.poll.ObservationWriter;
import dev.roster.testing.ChildJvm;
import dev.roster.testing.KafkaBroker;
import dev.roster.testing.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The detector on a real broker with exactly-once processing: events read with read_committed, as
 * Roster's consumers read them, and counted by event_id.
 */
@ExtendWith(KafkaBroker.class)
class ChangeDetectorIT {

  static final int PARTITIONS = 4;

  @RegisterExtension
  static final DetectorPipelines PIPELINES = new DetectorPipelines("detector", PARTITIONS);

  static List<User> population(String account, int count, IntPredicate suspended) {
    return IntStream.rangeClosed(1, count)
        .mapToObj(
            n ->
                User.newBuilder()
                    .setId("u" + n)
                    .setIntegratedAccountId(account)
                    .setIntegration("okta")
                    .setTenantId("acme")
                    .setName("User " + n)
                    .setStatus(suspended.test(n) ? "SUSPENDED" : "ACTIVE")
                    .setStatusCategory(
                        suspended.test(n) ? StatusCategory.INACTIVE : StatusCategory.ACTIVE)
                    .setObservedAt(Instant.parse("2026-11-27T10:00:00Z"))
                    .build())
        .collect(Collectors.toCollection(ArrayList::new));
  }

  static List<User> without(List<User> users, String id) {
    return users.stream().filter(user -> !user.getId().equals(id)).toList();
  }

  private static Map<String, Long> countsById(List<UserChangeEvent> events) {
    return events.stream()
        .collect(Collectors.groupingBy(UserChangeEvent::getEventId, Collectors.counting()));
  }

  private static Map<ChangeType, Long> countsByType(List<UserChangeEvent> events) {
    return events.stream()
        .collect(Collectors.groupingBy(UserChangeEvent::getType, Collectors.counting()));
  }

  /**
   * Every event once (by event_id): the baseline of {@code users}, then a poll that changed the
   * status of {@code statusChanged} of them and removed one; nobody rediscovered.
   */
  private static void assertBaselineThenOneChangeEach(
      List<UserChangeEvent> events, int users, int statusChanged) {
    assertThat(countsById(events))
        .allSatisfy((id, count) -> assertThat(count).as("event %s", id).isEqualTo(1));
    assertThat(countsByType(events))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                ChangeType.USER_DISCOVERED,
                (long) users,
                ChangeType.USER_STATUS_CHANGED,
                (long) statusChanged,
                ChangeType.USER_REMOVED,
                1L));
  }

  @Test
  void pollsBecomeEventsOnTheRealBroker() throws Exception {
    DetectorPipeline pipeline = PIPELINES.create();
    pipeline.startDetector("detector-" + UUID.randomUUID());
    pipeline.poll("acct-e2e", 1, population("acct-e2e", 30, n -> false));
    pipeline.poll("acct-e2e", 2, without(population("acct-e2e", 31, n -> n == 7), "u12"));

    List<UserChangeEvent> events = pipeline.committedEvents(33);

    assertThat(countsByType(events))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                ChangeType.USER_DISCOVERED,
                30L,
                ChangeType.USER_CREATED,
                1L,
                ChangeType.USER_STATUS_CHANGED,
                1L,
                ChangeType.USER_REMOVED,
                1L));
    assertThat(countsById(events))
        .allSatisfy((id, count) -> assertThat(count).as("event %s", id).isEqualTo(1));
  }

  @Test
  void stoppedMidPollAndRestartedOnEmptyLocalStateItLosesAndDuplicatesNothing() throws Exception {
    DetectorPipeline pipeline = PIPELINES.create();
    String applicationId = "detector-" + UUID.randomUUID();
    String account = "acct-restart";
    int users = 2000;
    ChangeDetector first = pipeline.startDetector(applicationId);
    pipeline.poll(account, 1, population(account, users, n -> false));
    List<User> secondPoll = without(population(account, users, n -> n % 10 == 0), "u5");

    // Half of poll 2 is observed and processed; then the detector stops and restarts on an empty
    // state directory (its stores come back from their changelogs, processing resumes from the last
    // committed transaction) while the rest of the poll and its marker arrive.
    ObservationWriter.PollWrite poll2 =
        pipeline.observe(account, 2, secondPoll.subList(0, users / 2));
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                pipeline.committedEventsNow().stream()
                        .filter(e -> e.getType() == ChangeType.USER_STATUS_CHANGED)
                        .count()
                    == users / 20);
    first.close();
    pipeline.startDetector(applicationId);
    secondPoll.subList(users / 2, secondPoll.size()).forEach(poll2::observed);
    poll2.complete();

    int expected = users + users / 10 + 1;
    List<UserChangeEvent> events = pipeline.committedEvents(expected);

    assertBaselineThenOneChangeEach(events, users, users / 10);
  }

  @Test
  @Timeout(180)
  void everyStoreThatCannotBeOpenedIsWipedAndRestoredInOneStartAndNoUserIsRediscovered()
      throws Exception {
    DetectorPipeline pipeline = PIPELINES.create();
    String applicationId = "detector-heal-" + UUID.randomUUID();
    String account = "acct-heal";
    int users = 400;
    Path stateDir = Files.createTempDirectory("detector-heal");
    ChangeDetector first = pipeline.startDetector(applicationId, stateDir);
    pipeline.poll(account, 1, population(account, users, n -> false));
    assertThat(pipeline.committedEvents(users)).hasSize(users);
    first.close();

    // RocksDB's CURRENT names the manifest to open; one that does not exist makes the store
    // unopenable, as a disk that lost the manifest or a copy cut short would. Two tasks broken: one
    // start heals both, each once.
    for (String task : List.of("0_0", "0_1")) {
      Path store =
          stateDir.resolve(applicationId).resolve(task).resolve("rocksdb").resolve("users");
      assertThat(store.resolve("CURRENT")).exists();
      Files.writeString(store.resolve("CURRENT"), "MANIFEST-999999\n");
    }

    try (LogCapture log = new LogCapture()) {
      pipeline.startDetector(applicationId, stateDir);
      pipeline.poll(account, 2, without(population(account, users, n -> n % 10 == 0), "u5"));
      List<UserChangeEvent> events = pipeline.committedEvents(users + users / 10 + 1);

      assertBaselineThenOneChangeEach(events, users, users / 10);
      assertThat(log.lines())
          .filteredOn(line -> line.startsWith("WARN ") && line.contains("cannot open"))
          .as("one heal per broken task, each saying what it wiped")
          .hasSize(2)
          .anySatisfy(line -> assertThat(line).contains("wiping task 0_0 and restoring it"))
          .anySatisfy(line -> assertThat(line).contains("wiping task 0_1 and restoring it"));
    }
  }

  /** Starts {@link DetectorProcess} in a child JVM on this test's classpath. */
  private static ChildJvm detectorProcess(
      DetectorPipeline pipeline,
      String applicationId,
      java.nio.file.Path stateDir,
      java.nio.file.Path log) {
    return ChildJvm.start(
        DetectorProcess.class,
        List.of(
            KafkaBroker.bootstrapServers(),
            PIPELINES.registryUrl(),
            pipeline.topics.observations.name().replace("observations", ""),
            Integer.toString(PARTITIONS),
            applicationId,
            stateDir.toString()),
        "256m",
        log);
  }

  @Test
  void killedWithSigkillMidTransactionAndRestartedItLosesAndDuplicatesNothing() throws Exception {
    DetectorPipeline pipeline = PIPELINES.create();
    String applicationId = "detector-killed-" + UUID.randomUUID();
    String account = "acct-killed";
    int users = 3000;
    java.nio.file.Path stateDir = Files.createTempDirectory("detector-killed");
    java.nio.file.Path log = Files.createTempFile("detector-killed", ".log");
    pipeline.poll(account, 1, population(account, users, n -> false));
    pipeline.poll(account, 2, without(population(account, users, n -> n % 3 == 0), "u5"));
    int expected = users + users / 3 + 1;

    ChildJvm first = detectorProcess(pipeline, applicationId, stateDir, log);
    try {
      // Kill it while it is producing events: some transactions committed, one open.
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> !pipeline.committedEventsNow().isEmpty());
    } finally {
      first.kill();
    }
    int committedAtKill = pipeline.committedEventsNow().size();
    ChildJvm second = detectorProcess(pipeline, applicationId, stateDir, log);
    try {
      List<UserChangeEvent> events = pipeline.committedEvents(expected);
      System.out.printf(
          "[sigkill] killed with %d of %d events committed; after restart %d events%n",
          committedAtKill, expected, events.size());
      assertBaselineThenOneChangeEach(events, users, users / 3);
    } finally {
      second.kill();
    }
  }

  @Test
  void anUnreadableObservationGoesToTheDeadLetterWithTheReasonAndTheRestGoesOn() throws Exception {
    DetectorPipeline pipeline = PIPELINES.create();
    pipeline.startDetector("detector-" + UUID.randomUUID());
    byte[] garbage = "{\"not\":\"avro\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (var producer =
        new org.apache.kafka.clients.producer.KafkaProducer<>(
            KafkaBroker.handle().producerProps(),
            new org.apache.kafka.common.serialization.ByteArraySerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      producer
          .send(
              new org.apache.kafka.clients.producer.ProducerRecord<>(
                  pipeline.topics.observations.name(), 0, garbage, garbage))
          .get();
    }
    pipeline.poll("acct-dlq", 1, population("acct-dlq", 5, n -> false));

    assertThat(pipeline.committedEvents(5)).hasSize(5);
    List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> letters =
        new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(
            KafkaBroker.handle().consumerProps("dlq-" + UUID.randomUUID()),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      consumer.subscribe(List.of(pipeline.topics.deadLetter.name()));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(letters::add);
                return !letters.isEmpty();
              });
    }
    assertThat(letters)
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(letter.value()).isEqualTo(garbage);
              String headers =
                  java.util.Arrays.stream(letter.headers().toArray())
                      .map(
                          h ->
                              h.key()
                                  + "="
                                  + new String(h.value(), java.nio.charset.StandardCharsets.UTF_8))
                      .collect(Collectors.joining("\n"));
              assertThat(headers).as("the reason travels in the headers").contains("magic byte");
            });
  }

  @Test
  void twoInstancesSharingThePartitionsGiveTheSameEventsAsOne() throws Exception {
    DetectorPipeline single = PIPELINES.create();
    DetectorPipeline shared = PIPELINES.create();
    List<String> accounts = List.of("acct-a", "acct-b", "acct-c", "acct-d", "acct-e");
    for (DetectorPipeline pipeline : List.of(single, shared)) {
      for (String account : accounts) {
        pipeline.poll(account, 1, population(account, 40, n -> false));
        pipeline.poll(account, 2, without(population(account, 42, n -> n % 7 == 0), "u3"));
      }
    }
    int expected = accounts.size() * (40 + 2 + 5 + 1);

    single.startDetector("detector-one-" + UUID.randomUUID());
    String sharedId = "detector-two-" + UUID.randomUUID();
    shared.startDetector(sharedId);
    shared.startDetector(sharedId);

    Map<String, Long> fromOne = countsById(single.committedEvents(expected));
    Map<String, Long> fromTwo = countsById(shared.committedEvents(expected));

    assertThat(fromOne).hasSize(expected).allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
    assertThat(fromTwo).isEqualTo(fromOne);
  }
}
