package dev.roster.detect;

import static dev.roster.detect.ChangeDetectorIT.population;
import static dev.roster.detect.ChangeDetectorIT.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.avro.ChangeType;
import dev.roster.avro.Observation;
import dev.roster.avro.PollCompleted;
import dev.roster.avro.PollSummary;
import dev.roster.avro.User;
import dev.roster.avro.UserChangeEvent;
import dev.roster.avro.UserKey;
import dev.roster.kafka.UserPartitioner;
import dev.roster.poll.ObservationWriter;
import dev.roster.registry.AvroSerdeConfig;
import dev.roster.registry.AvroSerializer;
import dev.roster.registry.RegistryClientConfig;
import dev.roster.registry.SchemaRegistryClient;
import dev.roster.testing.KafkaBroker;
import dev.roster.testing.LogCapture;
import dev.roster.topics.TopicSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The removal proof on a real broker (issue 16): a partition removes only what it knows is gone,
 * whatever retention, schema versions or a failed marker write did to roster.observations; and the
 * mass-removal guard learns a removal it confirmed.
 */
@ExtendWith(KafkaBroker.class)
class RemovalProofIT {

  static final int PARTITIONS = 4;

  @RegisterExtension
  static final DetectorPipelines PIPELINES = new DetectorPipelines("removal-proof", PARTITIONS);

  @Test
  void observationsDeletedFromThePartitionsHeadsMidPollRemoveNobody() throws Exception {
    DetectorPipeline pipeline = PIPELINES.create();
    String applicationId = "proof-retention-" + UUID.randomUUID();
    String account = "acct-retention";
    List<User> everyone = population(account, 40, n -> false);
    ChangeDetector first = pipeline.startDetector(applicationId);
    pipeline.poll(account, 1, everyone);
    assertThat(pipeline.committedEvents(40)).hasSize(40);
    first.close();

    // While the detector is away, poll 2 sees everyone; then retention deletes the first half of
    // poll 2's
    // observations on every partition before the detector read them.
    Map<Integer, Long> poll2Starts = endOffsets(pipeline);
    pipeline.poll(account, 2, everyone);
    long deleted = deleteFirstHalfOfPoll(pipeline, account, everyone, poll2Starts);
    try (LogCapture logs = new LogCapture();
        Admin admin = Admin.create(KafkaBroker.handle().adminConfig())) {
      DetectorPreflight.run(admin, pipeline.topics, applicationId);
      assertThat(logs.lines())
          .as("lag beyond retention is reported loudly")
          .anyMatch(
              line ->
                  line.startsWith("ERROR")
                      && line.contains("deleted by retention")
                      && line.contains(applicationId));
    }
    pipeline.startDetector(applicationId);
    pipeline.poll(account, 3, without(everyone, "u7"));

    List<UserChangeEvent> events = pipeline.committedEvents(41);
    assertThat(
            events.stream()
                .filter(e -> e.getType() == ChangeType.USER_REMOVED)
                .map(e -> e.getUserId() + " in poll " + e.getPollId()))
        .as("only the user who really left, by the complete poll 3")
        .containsExactly("u7 in poll 3");
    assertThat(events).hasSize(41);
    List<PollSummary> poll2 =
        pipeline.committedSummaries(3 * PARTITIONS).stream()
            .filter(s -> s.getPollId() == 2)
            .toList();
    assertThat(poll2).as("every partition summarises poll 2").hasSize(PARTITIONS);
    assertThat(poll2.stream().filter(s -> s.getShareIncomplete() != null))
        .as("the partitions that lost observations say so")
        .isNotEmpty()
        .allSatisfy(
            summary -> assertThat(summary.getShareIncomplete()).contains("deleted by retention"));
    assertThat(
            poll2.stream()
                .mapToLong(s -> s.getObservationsWritten() - s.getObservationsRead())
                .sum())
        .isEqualTo(deleted);
  }

  @Test
  void aNewApplicationIdOnATopicWithHistoryRemovesNobodyAndDiscoversWhatRetentionDeleted()
      throws Exception {
    DetectorPipeline pipeline = PIPELINES.create();
    String account = "acct-history";
    List<User> everyone = population(account, 40, n -> false);
    pipeline.poll(account, 1, everyone);
    Map<Integer, Long> poll2Starts = endOffsets(pipeline);
    pipeline.poll(account, 2, everyone);
    deleteFirstHalfOfPoll(pipeline, account, everyone, poll2Starts);

    pipeline.startDetector("proof-history-" + UUID.randomUUID());
    pipeline.poll(account, 3, everyone);

    List<UserChangeEvent> events = pipeline.committedEvents(40);
    assertThat(
            events.stream()
                .collect(Collectors.groupingBy(UserChangeEvent::getType, Collectors.counting())))
        .as("the users poll 2 lost are discovered by poll 3, never news, and nobody is removed")
        .isEqualTo(Map.of(ChangeType.USER_DISCOVERED, 40L));
  }

  /**
   * A compatible UserKey version registered between polls, as a rolling deploy of a Roster with a
   * changed UserKey.avsc would: the observations' key bytes now carry another schema id, and no
   * user may move.
   */
  @Test
  void aNewUserKeySchemaVersionBetweenPollsMovesNoUserAndRaisesNoEvent() throws Exception {
    DetectorPipeline pipeline = PIPELINES.create();
    String account = "acct-schema";
    List<User> everyone = population(account, 40, n -> false);
    pipeline.startDetector("proof-schema-" + UUID.randomUUID());
    pipeline.poll(account, 1, everyone);
    assertThat(pipeline.committedEvents(40)).hasSize(40);

    SchemaRegistryClient client =
        new SchemaRegistryClient(RegistryClientConfig.of(PIPELINES.registryUrl()));
    TopicSpec<UserKey, Observation> observations = pipeline.topics.observations;
    String subject = observations.name() + "-key";
    assertThat(client.register(subject, VARIANT_KEY))
        .as("the new version has a schema id of its own")
        .isNotEqualTo(client.register(subject, UserKey.getClassSchema()));
    ObservationWriter newVersion =
        pipeline.writer(
            withSerdes(
                observations,
                Serdes.serdeFrom(variantKeys(client), observations.keySerde().deserializer()),
                observations.valueSerde()));
    DetectorPipeline.observe(newVersion, account, 2, everyone).complete();
    DetectorPipeline.observe(newVersion, account, 3, without(everyone, "u7")).complete();

    List<UserChangeEvent> events = pipeline.committedEvents(41);
    assertThat(events.subList(40, events.size()))
        .as("after the baseline: only the user who left")
        .extracting(e -> e.getType() + " " + e.getUserId() + " in poll " + e.getPollId())
        .containsExactly("USER_REMOVED u7 in poll 3");
  }

  @Test
  void thirtyPercentLeavingIsHeldConfirmedAndRemovedAndTheNextLeaverGoesAfterOneCompletePoll()
      throws Exception {
    DetectorPipeline pipeline = PIPELINES.create();
    String account = "acct-guard";
    List<User> everyone = population(account, 100, n -> false);
    List<User> stayers = everyone.subList(0, 70);
    pipeline.startDetector("proof-guard-" + UUID.randomUUID());
    pipeline.poll(account, 1, everyone);
    for (long poll = 2; poll <= 4; poll++) {
      pipeline.poll(account, poll, stayers);
    }
    pipeline.poll(account, 5, stayers.subList(0, 69));

    List<UserChangeEvent> events = pipeline.committedEvents(131);
    Map<Long, List<PollSummary>> summaries =
        pipeline.committedSummaries(5 * PARTITIONS).stream()
            .collect(Collectors.groupingBy(PollSummary::getPollId));

    assertThat(removedByPoll(events)).isEqualTo(Map.of(4L, 30L, 5L, 1L));
    for (long poll = 2; poll <= 3; poll++) {
      assertThat(summaries.get(poll))
          .as("poll %s is held", poll)
          .hasSize(PARTITIONS)
          .allSatisfy(summary -> assertThat(summary.getGuardReason()).contains("70 of 100"));
      assertThat(summaries.get(poll).stream().mapToLong(PollSummary::getRemovalsHeld).sum())
          .isEqualTo(30);
    }
    assertThat(summaries.get(5L))
        .as("the next leaver: no hold in the summary")
        .hasSize(PARTITIONS)
        .allSatisfy(
            summary -> {
              assertThat(summary.getGuardReason()).isNull();
              assertThat(summary.getRemovalsHeld()).isZero();
            });
  }

  @Test
  void aPollsMarkersReachEveryPartitionOrNone() throws Exception {
    DetectorPipeline pipeline = PIPELINES.create();
    String account = "acct-atomic";
    List<User> everyone = population(account, 40, n -> false);
    pipeline.startDetector("proof-atomic-" + UUID.randomUUID());
    pipeline.poll(account, 1, everyone);
    assertThat(pipeline.committedEvents(40)).hasSize(40);

    // A writer whose third marker of a poll cannot be written: the first two were already sent.
    TopicSpec<UserKey, Observation> observations = pipeline.topics.observations;
    ObservationWriter breaking =
        pipeline.writer(
            withSerdes(
                observations,
                observations.keySerde(),
                Serdes.serdeFrom(
                    failingThirdMarker(observations.valueSerde().serializer()),
                    observations.valueSerde().deserializer())));
    ObservationWriter.PollWrite poll2 =
        DetectorPipeline.observe(breaking, account, 2, without(everyone, "u7"));
    assertThatThrownBy(poll2::complete).hasMessageContaining("were not written (to no partition)");

    assertThat(committedMarkersOf(pipeline, 2)).as("no partition sees a marker of poll 2").isZero();
    pipeline.poll(account, 3, without(everyone, "u7"));
    List<UserChangeEvent> events = pipeline.committedEvents(41);
    assertThat(removedByPoll(events))
        .as("the user who left goes with poll 3, not with half of poll 2")
        .isEqualTo(Map.of(3L, 1L));
  }

  // ---------------------------------------------------------------------------------------------------------

  private static TopicSpec<UserKey, Observation> withSerdes(
      TopicSpec<UserKey, Observation> topic, Serde<UserKey> keys, Serde<Observation> values) {
    return new TopicSpec<>(
        topic.name(), keys, values, topic.partitions(), topic.replication(), topic.configs());
  }

  /**
   * A UserKey with one more optional field: compatible, so registrable as the subject's next
   * version.
   */
  static final Schema VARIANT_KEY =
      new Schema.Parser()
          .parse(
              """
      {"type": "record", "name": "UserKey", "namespace": "dev.roster.avro", "fields": [
        {"name": "integrated_account_id", "type": "string"},
        {"name": "user_id", "type": "string"},
        {"name": "region", "type": ["null", "string"], "default": null}]}""");

  /** Writes UserKeys as {@link #VARIANT_KEY}, registered under the topic's key subject. */
  private static Serializer<UserKey> variantKeys(SchemaRegistryClient client) {
    AvroSerializer<GenericRecord> avro =
        new AvroSerializer<>(client, AvroSerdeConfig.DEFAULTS, true);
    return (topic, key) -> {
      GenericRecord variant = new GenericData.Record(VARIANT_KEY);
      variant.put("integrated_account_id", key.getIntegratedAccountId());
      variant.put("user_id", key.getUserId());
      return avro.serialize(topic, variant);
    };
  }

  private static Serializer<Observation> failingThirdMarker(Serializer<Observation> serializer) {
    AtomicInteger markers = new AtomicInteger();
    return (topic, observation) -> {
      if (observation.getPayload() instanceof PollCompleted && markers.incrementAndGet() == 3) {
        throw new SerializationException("third marker broken by the test");
      }
      return serializer.serialize(topic, observation);
    };
  }

  private static Map<Long, Long> removedByPoll(List<UserChangeEvent> events) {
    return events.stream()
        .filter(e -> e.getType() == ChangeType.USER_REMOVED)
        .collect(Collectors.groupingBy(UserChangeEvent::getPollId, Collectors.counting()));
  }

  /** PollCompleted records of {@code pollId} a read_committed consumer sees on any partition. */
  private static long committedMarkersOf(DetectorPipeline pipeline, long pollId) {
    TopicSpec<UserKey, Observation> observations = pipeline.topics.observations;
    Map<String, Object> props = KafkaBroker.handle().consumerProps("markers-" + UUID.randomUUID());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    long[] markers = {0};
    try (var consumer =
        new KafkaConsumer<>(
            props,
            observations.keySerde().deserializer(),
            observations.valueSerde().deserializer())) {
      consumer.subscribe(List.of(observations.name()));
      // Past the aborted transaction's end: the next poll's markers prove the consumer read beyond
      // it.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < deadline) {
        consumer
            .poll(Duration.ofMillis(200))
            .forEach(
                record -> {
                  if (record.value().getPayload() instanceof PollCompleted
                      && record.value().getPollId() == pollId) {
                    markers[0]++;
                  }
                });
        if (consumer.assignment().size() == PARTITIONS
            && consumer.assignment().stream()
                .allMatch(
                    partition ->
                        consumer.position(partition)
                            >= consumer.endOffsets(List.of(partition)).get(partition))) {
          break;
        }
      }
    }
    return markers[0];
  }

  private static Map<Integer, Long> endOffsets(DetectorPipeline pipeline) throws Exception {
    String topic = pipeline.topics.observations.name();
    try (Admin admin = Admin.create(KafkaBroker.handle().adminConfig())) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < PARTITIONS; p++) {
        latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      Map<Integer, Long> ends = new HashMap<>();
      admin
          .listOffsets(latest)
          .all()
          .get(30, TimeUnit.SECONDS)
          .forEach((partition, info) -> ends.put(partition.partition(), info.offset()));
      return ends;
    }
  }

  /**
   * Deletes, on every partition, the first half of the observations the poll that started at {@code
   * starts} wrote there (an idempotent producer's records take consecutive offsets); returns how
   * many.
   */
  private static long deleteFirstHalfOfPoll(
      DetectorPipeline pipeline, String account, List<User> users, Map<Integer, Long> starts)
      throws Exception {
    Map<Integer, Long> perPartition =
        users.stream()
            .collect(
                Collectors.groupingBy(
                    user -> UserPartitioner.partition(account, user.getId(), PARTITIONS),
                    Collectors.counting()));
    Map<TopicPartition, RecordsToDelete> deletions = new HashMap<>();
    long deleted = 0;
    for (Map.Entry<Integer, Long> partition : perPartition.entrySet()) {
      long half = partition.getValue() / 2;
      if (half > 0) {
        deletions.put(
            new TopicPartition(pipeline.topics.observations.name(), partition.getKey()),
            RecordsToDelete.beforeOffset(starts.get(partition.getKey()) + half));
        deleted += half;
      }
    }
    try (Admin admin = Admin.create(KafkaBroker.handle().adminConfig())) {
      admin.deleteRecords(deletions).all().get(30, TimeUnit.SECONDS);
    }
    assertThat(deleted).as("the test deletes something").isPositive();
    return deleted;
  }
}
