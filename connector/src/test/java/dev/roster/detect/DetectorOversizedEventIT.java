package dev.roster.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roster.avro.ChangeType;
import dev.roster.avro.IntegratedAccount;
import dev.roster.avro.StatusCategory;
import dev.roster.avro.User;
import dev.roster.avro.UserChangeEvent;
import dev.roster.kafka.DeadLetterWriter;
import dev.roster.kafka.TopicFollower;
import dev.roster.poll.ObservationWriter;
import dev.roster.registry.AvroSerdeConfig;
import dev.roster.registry.RegistryClientConfig;
import dev.roster.registry.SchemaRegistryClient;
import dev.roster.registry.server.EmbeddedSchemaRegistry;
import dev.roster.testing.KafkaBroker;
import dev.roster.topics.RosterTopics;
import dev.roster.topics.TopicAdmin;
import dev.roster.topics.TopicSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A change event carries its user twice (before and after), so a user that fits a Kafka record may
 * make an event that does not. Exactly-once, on a real broker: the event too large for Kafka goes
 * to the dead letter, cut, with the reason, and the detector goes on, publishing every other change
 * of that poll and of the next (a record the producer itself refused would have failed the whole
 * transaction, and stopped the detector).
 */
@ExtendWith(KafkaBroker.class)
class DetectorOversizedEventIT {

  /** The Streams producer's limit: a user of {@link #WIDE} characters fits once, not twice. */
  private static final int MAX_REQUEST_SIZE = 12_000;

  private static final int WIDE = 7_000;
  private static final String ACCOUNT = "acct-wide";

  @Test
  void anEventTooLargeForKafkaIsDeadLetteredAndTheDetectorGoesOn() throws Exception {
    try (EmbeddedSchemaRegistry registry =
        EmbeddedSchemaRegistry.start(
            EmbeddedSchemaRegistry.Settings.local(KafkaBroker.bootstrapServers())
                .withTopic(KafkaBroker.handle().uniqueTopic("_schemas-oversized")))) {
      RosterTopics topics =
          new RosterTopics(
              TopicSettings.singleBroker(
                  "it-" + UUID.randomUUID().toString().substring(0, 8) + ".", 2),
              new SchemaRegistryClient(RegistryClientConfig.of(registry.url())),
              AvroSerdeConfig.DEFAULTS);
      try (Admin admin = Admin.create(KafkaBroker.handle().adminConfig())) {
        TopicAdmin.ensure(admin, topics.all());
      }
      List<UserChangeEvent> events = new CopyOnWriteArrayList<>();
      List<ConsumerRecord<byte[], byte[]>> deadLetters = new CopyOnWriteArrayList<>();
      try (ObservationWriter writer =
              new ObservationWriter(
                  topics, KafkaBroker.handle().producerProps(), Clock.systemUTC());
          ChangeDetector detector =
              new ChangeDetector(
                  topics,
                  DetectorSettings.defaults(),
                  ChangeDetector.streamsConfig(
                      "oversized-" + UUID.randomUUID(),
                      Map.of(
                          "bootstrap.servers",
                          KafkaBroker.bootstrapServers(),
                          "commit.interval.ms",
                          100,
                          "producer.max.request.size",
                          MAX_REQUEST_SIZE),
                      topics,
                      (short) 1,
                      Files.createTempDirectory("oversized-it")),
                  ChangeDetector.DEFAULT_ROCKSDB_MEMORY_BYTES);
          TopicFollower follower =
              new TopicFollower(
                  "oversized-it",
                  List.of(topics.userEvents, topics.deadLetter),
                  Map.of("bootstrap.servers", KafkaBroker.bootstrapServers()),
                  record -> {
                    if (record.topic().equals(topics.deadLetter.name())) {
                      deadLetters.add(record);
                    } else {
                      events.add(
                          topics
                              .userEvents
                              .valueSerde()
                              .deserializer()
                              .deserialize(record.topic(), record.value()));
                    }
                  },
                  () -> {})) {
        detector.start();
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> detector.state() == KafkaStreams.State.RUNNING);

        poll(writer, 1, users("first"));
        await().atMost(Duration.ofSeconds(60)).until(() -> events.size() == 5);

        poll(
            writer,
            2,
            users(
                "second")); // every user changes; the wide one's event is before + after, over the
        // limit
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> events.size() == 9 && !deadLetters.isEmpty());

        poll(writer, 3, users("third"));
        await().atMost(Duration.ofSeconds(60)).until(() -> events.size() == 13);

        assertThat(detector.state()).isEqualTo(KafkaStreams.State.RUNNING);
        assertThat(detector.failure()).isNotDone();
        assertThat(events.subList(5, 13))
            .as("the updates of polls 2 and 3, the wide user's excepted")
            .allMatch(event -> event.getType() == ChangeType.USER_UPDATED)
            .extracting(UserChangeEvent::getUserId)
            .doesNotContain("wide")
            .hasSize(8);
        assertThat(deadLetters)
            .hasSize(2)
            .allSatisfy(
                letter -> {
                  assertThat(header(letter, "__streams.errors.exception"))
                      .isEqualTo("org.apache.kafka.common.errors.RecordTooLargeException");
                  assertThat(header(letter, "__streams.errors.message"))
                      .contains("max.request.size");
                  assertThat(letter.value())
                      .as("the start of the event")
                      .hasSize(MAX_REQUEST_SIZE / 2);
                  assertThat(header(letter, DeadLetterWriter.RAW_BYTES))
                      .as("the event's whole length")
                      .isNotNull();
                });
      }
    }
  }

  private static void poll(ObservationWriter writer, long pollId, List<User> users) {
    ObservationWriter.PollWrite poll =
        writer.begin(
            IntegratedAccount.newBuilder()
                .setId(ACCOUNT)
                .setIntegration("okta")
                .setTenantId("acme")
                .build(),
            pollId);
    users.forEach(poll::observed);
    poll.complete();
  }

  /** Four narrow users and a wide one, their bios saying {@code which} poll this is. */
  private static List<User> users(String which) {
    return IntStream.rangeClosed(0, 4)
        .mapToObj(
            n ->
                User.newBuilder()
                    .setId(n == 0 ? "wide" : "u" + n)
                    .setIntegratedAccountId(ACCOUNT)
                    .setIntegration("okta")
                    .setTenantId("acme")
                    .setName("User " + n)
                    .setStatus("ACTIVE")
                    .setStatusCategory(StatusCategory.ACTIVE)
                    .setBio(n == 0 ? which.repeat(WIDE / which.length()) : which)
                    .setObservedAt(Instant.parse("2026-11-30T10:00:00Z"))
                    .build())
        .toList();
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
    Header header = record.headers().lastHeader(key);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
