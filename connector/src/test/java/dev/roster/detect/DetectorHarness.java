package dev.roster.detect;

import dev.roster.avro.Observation;
import dev.roster.avro.PollAborted;
import dev.roster.avro.PollCompleted;
import dev.roster.avro.PollSummary;
import dev.roster.avro.User;
import dev.roster.avro.UserChangeEvent;
import dev.roster.avro.UserKey;
import dev.roster.registry.AvroSerdeConfig;
import dev.roster.registry.RegistryClientConfig;
import dev.roster.registry.SchemaRegistryClient;
import dev.roster.registry.server.EmbeddedSchemaRegistry;
import dev.roster.topics.RosterTopics;
import dev.roster.topics.TopicSettings;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The detector topology in Kafka's TopologyTestDriver, with a real (in-memory) schema registry over
 * HTTP for its serdes, and helpers that play polls into it. One driver is one Streams task, i.e.
 * one partition of roster.observations: a marker says it was written as many observations of its
 * poll as were piped in, as the poller's marker on that partition would, unless a test says
 * otherwise.
 */
final class DetectorHarness implements AutoCloseable {

  static final String ACCOUNT = "acct-okta-1";
  static final Instant START = Instant.parse("2026-11-27T10:00:00Z");

  private final EmbeddedSchemaRegistry registry;
  final RosterTopics topics;
  private final TopologyTestDriver driver;
  private final TestInputTopic<UserKey, Observation> observations;
  final TestOutputTopic<UserKey, UserChangeEvent> events;
  final TestOutputTopic<UserKey, User> users;
  final TestOutputTopic<String, PollSummary> summaries;
  final TestOutputTopic<dev.roster.avro.IdentityKey, dev.roster.avro.IdentityAlert> identityAlerts;
  final TestOutputTopic<dev.roster.avro.IdentityKey, dev.roster.avro.Identity> people;

  /**
   * Observations piped in per account and poll: what a marker says was written to this partition.
   */
  private final Map<String, Long> piped = new HashMap<>();

  DetectorHarness(DetectorSettings settings) {
    this(settings, Clock.fixed(START, ZoneOffset.UTC));
  }

  DetectorHarness(DetectorSettings settings, Clock clock) {
    this(settings, clock, java.util.Optional.empty());
  }

  /** With the identity stage in the same topology, as Roster runs it. */
  DetectorHarness(
      DetectorSettings settings,
      Clock clock,
      java.util.Optional<dev.roster.identity.IdentityStage> identities) {
    registry = EmbeddedSchemaRegistry.startInMemory();
    topics =
        new RosterTopics(
            TopicSettings.singleBroker("roster.", 1),
            new SchemaRegistryClient(RegistryClientConfig.of(registry.url())),
            AvroSerdeConfig.DEFAULTS);
    Properties props;
    try {
      // The production configuration (exactly-once, dead-letter handling), on a temporary state
      // dir.
      props =
          ChangeDetector.streamsConfig(
              "detector-test",
              java.util.Map.of("bootstrap.servers", "unused:9092"),
              topics,
              (short) 1,
              java.nio.file.Files.createTempDirectory("detector-test"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    org.apache.kafka.streams.Topology topology = DetectorTopology.build(topics, settings, clock);
    identities.ifPresent(stage -> stage.addTo(topology, topics, clock));
    driver = new TopologyTestDriver(topology, props);
    identityAlerts =
        driver.createOutputTopic(
            topics.identityAlerts.name(),
            topics.identityAlerts.keySerde().deserializer(),
            topics.identityAlerts.valueSerde().deserializer());
    people =
        driver.createOutputTopic(
            topics.identities.name(),
            topics.identities.keySerde().deserializer(),
            topics.identities.valueSerde().deserializer());
    observations =
        driver.createInputTopic(
            topics.observations.name(),
            topics.observations.keySerde().serializer(),
            topics.observations.valueSerde().serializer());
    events =
        driver.createOutputTopic(
            topics.userEvents.name(),
            topics.userEvents.keySerde().deserializer(),
            topics.userEvents.valueSerde().deserializer());
    users =
        driver.createOutputTopic(
            topics.users.name(),
            topics.users.keySerde().deserializer(),
            topics.users.valueSerde().deserializer());
    summaries =
        driver.createOutputTopic(
            topics.pollSummaries.name(),
            topics.pollSummaries.keySerde().deserializer(),
            topics.pollSummaries.valueSerde().deserializer());
  }

  /** Moves the driver's wall clock on, so wall-clock punctuations (grace periods) run. */
  void advanceWallClock(java.time.Duration by) {
    driver.advanceWallClockTime(by);
  }

  void observe(long pollId, Collection<User> seen) {
    for (User user : seen) {
      pipe(new UserKey(user.getIntegratedAccountId(), user.getId()), new Observation(pollId, user));
    }
  }

  /**
   * A fingerprints-only observation of {@code user}, as a poller that sent it in full before would
   * write it.
   */
  void unchanged(long pollId, User user, Fingerprints fingerprints) {
    pipe(
        new UserKey(user.getIntegratedAccountId(), user.getId()),
        new Observation(
            pollId,
            new dev.roster.avro.UserUnchanged(
                fingerprints.content(), fingerprints.quiet(), fingerprints.remoteData())));
  }

  /** One record of roster.observations, as the detector's task would read it. */
  void pipe(UserKey key, Observation observation) {
    if (observation.getPayload() instanceof User
        || observation.getPayload() instanceof dev.roster.avro.UserUnchanged) {
      piped.merge(pipedKey(key.getIntegratedAccountId(), observation.getPollId()), 1L, Long::sum);
    }
    observations.pipeInput(key, observation);
  }

  private static String pipedKey(String account, long pollId) {
    return account + "/" + pollId;
  }

  void complete(long pollId, long usersSeen) {
    complete(ACCOUNT, pollId, usersSeen);
  }

  /**
   * The marker of a complete poll of {@code account}: one driver can hold many accounts'
   * independent state.
   */
  void complete(String account, long pollId, long usersSeen) {
    complete(account, pollId, usersSeen, piped.getOrDefault(pipedKey(account, pollId), 0L));
  }

  /**
   * The marker of a complete poll saying it wrote {@code partitionObservations} observations to
   * this partition.
   */
  void complete(String account, long pollId, long usersSeen, long partitionObservations) {
    pipe(
        new UserKey(account, ""),
        new Observation(pollId, marker(account, pollId, usersSeen, partitionObservations)));
  }

  /**
   * The marker of a complete poll, counted like {@link #complete(String, long, long)}, with what
   * {@code details} adds (its doubts, say).
   */
  void complete(
      String account,
      long pollId,
      long usersSeen,
      java.util.function.Consumer<PollCompleted.Builder> details) {
    PollCompleted.Builder marker =
        PollCompleted.newBuilder(
            marker(account, pollId, usersSeen, piped.getOrDefault(pipedKey(account, pollId), 0L)));
    details.accept(marker);
    pipe(new UserKey(account, ""), new Observation(pollId, marker.build()));
  }

  static PollCompleted marker(
      String account, long pollId, long usersSeen, long partitionObservations) {
    return PollCompleted.newBuilder()
        .setIntegratedAccountId(account)
        .setIntegration("okta")
        .setTenantId("acme")
        .setPollId(pollId)
        .setStartedAt(START.plusSeconds(pollId * 60))
        .setCompletedAt(START.plusSeconds(pollId * 60 + 30))
        .setUsersSeen(usersSeen)
        .setPartitionObservations(partitionObservations)
        .build();
  }

  void abort(long pollId) {
    abort(ACCOUNT, pollId);
  }

  void abort(String account, long pollId) {
    PollAborted marker =
        PollAborted.newBuilder()
            .setIntegratedAccountId(account)
            .setPollId(pollId)
            .setAbortedAt(START.plusSeconds(pollId * 60 + 30))
            .setMessage("page 3 failed")
            .build();
    pipe(new UserKey(account, ""), new Observation(pollId, marker));
  }

  /**
   * The detector's own metric of {@code name} (e.g. {@code incomplete-poll-shares-total}), summed
   * over its tasks.
   */
  double metric(String name) {
    return driver.metrics().entrySet().stream()
        .filter(
            entry ->
                entry
                        .getKey()
                        .group()
                        .equals("stream-" + DetectorTopology.METRICS_SCOPE + "-metrics")
                    && entry.getKey().name().equals(name))
        .mapToDouble(entry -> ((Number) entry.getValue().metricValue()).doubleValue())
        .sum();
  }

  /** A complete poll that saw exactly {@code seen}. */
  void poll(long pollId, List<User> seen) {
    observe(pollId, seen);
    complete(pollId, seen.size());
  }

  List<UserChangeEvent> drainEvents() {
    return events.readValuesToList();
  }

  List<TestRecord<UserKey, UserChangeEvent>> drainEventRecords() {
    return events.readRecordsToList();
  }

  @Override
  public void close() {
    driver.close();
    registry.close();
  }
}
