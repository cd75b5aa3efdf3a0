package dev.roster.detect;

import static org.awaitility.Awaitility.await;

import dev.roster.avro.IntegratedAccount;
import dev.roster.avro.PollSummary;
import dev.roster.avro.User;
import dev.roster.avro.UserChangeEvent;
import dev.roster.poll.ObservationWriter;
import dev.roster.registry.AvroSerdeConfig;
import dev.roster.registry.RegistryClientConfig;
import dev.roster.registry.SchemaRegistryClient;
import dev.roster.testing.KafkaBroker;
import dev.roster.topics.RosterTopics;
import dev.roster.topics.TopicAdmin;
import dev.roster.topics.TopicSettings;
import dev.roster.topics.TopicSpec;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * One set of Roster topics on the test broker with its own writer: polls go in, detectors run on
 * it, committed events and summaries come out (read_committed, as Roster's consumers read them).
 * Closing it stops the writers and detectors it started.
 */
final class DetectorPipeline implements AutoCloseable {

  final RosterTopics topics;
  final ObservationWriter writer;
  private final List<AutoCloseable> running = new ArrayList<>();

  DetectorPipeline(String registryUrl, int partitions) {
    topics =
        new RosterTopics(
            TopicSettings.singleBroker(
                "it-" + UUID.randomUUID().toString().substring(0, 8) + ".", partitions),
            new SchemaRegistryClient(RegistryClientConfig.of(registryUrl)),
            AvroSerdeConfig.DEFAULTS);
    try (Admin admin = Admin.create(KafkaBroker.handle().adminConfig())) {
      TopicAdmin.ensure(admin, topics.all());
      // Led before the first write: a produce racing the new partitions' leadership can leave an
      // idempotent producer stuck.
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(
              () ->
                  admin
                      .describeTopics(List.of(topics.observations.name()))
                      .allTopicNames()
                      .get()
                      .get(topics.observations.name())
                      .partitions()
                      .stream()
                      .allMatch(partition -> partition.leader() != null));
    }
    writer = writer(topics.observations);
  }

  /** A writer of its own to the observations topic, with {@code observations}' serdes. */
  ObservationWriter writer(
      TopicSpec<dev.roster.avro.UserKey, dev.roster.avro.Observation> observations) {
    ObservationWriter writer =
        new ObservationWriter(
            observations, KafkaBroker.handle().producerProps(), Clock.systemUTC());
    running.add(writer);
    return writer;
  }

  ObservationWriter.PollWrite observe(String account, long pollId, List<User> users) {
    return observe(writer, account, pollId, users);
  }

  static ObservationWriter.PollWrite observe(
      ObservationWriter writer, String account, long pollId, List<User> users) {
    ObservationWriter.PollWrite poll =
        writer.begin(
            IntegratedAccount.newBuilder()
                .setId(account)
                .setIntegration("okta")
                .setTenantId("acme")
                .build(),
            pollId);
    users.forEach(poll::observed);
    return poll;
  }

  void poll(String account, long pollId, List<User> users) {
    observe(account, pollId, users).complete();
  }

  ChangeDetector startDetector(String applicationId) throws Exception {
    return startDetector(applicationId, Files.createTempDirectory("detector-it"));
  }

  /** A detector on {@code stateDir}, started and RUNNING. */
  ChangeDetector startDetector(String applicationId, java.nio.file.Path stateDir) {
    ChangeDetector detector = detector(applicationId, stateDir);
    detector.start();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> detector.state() == KafkaStreams.State.RUNNING);
    return detector;
  }

  /**
   * A detector on {@code stateDir}, not started (closed with the pipeline): a later one on the same
   * directory finds its stores there.
   */
  ChangeDetector detector(String applicationId, java.nio.file.Path stateDir) {
    ChangeDetector detector =
        new ChangeDetector(
            topics,
            DetectorSettings.defaults(),
            ChangeDetector.streamsConfig(
                applicationId,
                Map.of(
                    "bootstrap.servers", KafkaBroker.bootstrapServers(), "commit.interval.ms", 100),
                topics,
                (short) 1,
                stateDir),
            ChangeDetector.DEFAULT_ROCKSDB_MEMORY_BYTES);
    running.add(detector);
    return detector;
  }

  /** Every committed event, read until {@code expected} arrived and three quiet seconds more. */
  List<UserChangeEvent> committedEvents(int expected) {
    return read(topics.userEvents, Duration.ofSeconds(90), expected, Duration.ofSeconds(3));
  }

  /** What is committed right now. */
  List<UserChangeEvent> committedEventsNow() {
    return read(topics.userEvents, Duration.ofSeconds(2), Integer.MAX_VALUE, Duration.ZERO);
  }

  /** Every committed poll summary, read until {@code expected} arrived and a quiet second more. */
  List<PollSummary> committedSummaries(int expected) {
    return read(topics.pollSummaries, Duration.ofSeconds(90), expected, Duration.ofSeconds(1));
  }

  private <K, V> List<V> read(TopicSpec<K, V> topic, Duration limit, int expected, Duration quiet) {
    List<V> values = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(
            KafkaBroker.handle().consumerProps("reader-" + UUID.randomUUID()),
            topic.keySerde().deserializer(),
            topic.valueSerde().deserializer())) {
      consumer.subscribe(List.of(topic.name()));
      long deadline = System.nanoTime() + limit.toNanos();
      long quietUntil = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(deadline, quietUntil)) {
        consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
        if (values.size() >= expected && quietUntil == Long.MAX_VALUE) {
          quietUntil = System.nanoTime() + quiet.toNanos(); // a duplicate would show up by then
        }
      }
    }
    return values;
  }

  @Override
  public void close() throws Exception {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
  }
}
