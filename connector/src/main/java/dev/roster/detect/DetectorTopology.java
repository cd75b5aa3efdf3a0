package dev.roster.detect;

import dev.roster.avro.User;
import dev.roster.identity.IdentityStage;
import dev.roster.identity.IdentityTopology;
import dev.roster.kafka.UserPartitioner;
import dev.roster.registry.AvroSerde;
import dev.roster.topics.RosterTopics;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The change detector as a Kafka Streams topology: roster.observations in; roster.users,
 * roster.user-events and roster.poll-summaries out; RocksDB stores keyed by account and user, or by
 * account. Run it with processing.guarantee=exactly_once_v2 so state, tables and events move
 * together. Users and events go to the partition {@link UserPartitioner} picks from their ids, as
 * observations do.
 */
public final class DetectorTopology {

  static final String SOURCE = "observations";
  static final String PROCESSOR = "detector";
  static final String USERS_SINK = "users-sink";
  static final String EVENTS_SINK = "events-sink";
  static final String SUMMARIES_SINK = "summaries-sink";

  /** The last published User of each (account, user). */
  public static final String USERS_STORE = "users";

  /** The small per-poll state of each (account, user): last seen, missed polls, fingerprints. */
  public static final String SEEN_STORE = "seen";

  /** Per-account state: baseline, last complete poll, known users, event counts. */
  public static final String ACCOUNTS_STORE = "accounts";

  /**
   * Per account: how many observations of its newest poll this task read. Came with {@link
   * UserPartitioner}: a detector state without this store was built by a Roster that placed users
   * by their serialized key.
   */
  public static final String TALLIES_STORE = "tallies";

  /**
   * Per (account, user): the poll whose fingerprints-only observation of the user the state did not
   * confirm, until that poll's summary has asked the poller for the user in full. Almost always
   * empty.
   */
  public static final String RESEND_STORE = "resend";

  /** Scope of the detector's own Streams metrics ({@code stream-roster-detector-metrics}). */
  static final String METRICS_SCOPE = "roster-detector";

  private DetectorTopology() {}

  /**
   * The stores whose values go through the schema registry, the identity stage's included, by the
   * changelog topic their subject is named after. Start-up registers them with the topics' schemas:
   * a serializer meeting its subject for the first time while the registry is down (or with
   * auto-registration off) fails, and the detector would skip the observation it was storing,
   * losing its change.
   *
   * @param applicationId Roster's: the identity stage's changelogs carry its own application id
   *     ({@link IdentityStage#applicationId})
   */
  public static Map<String, AvroSerde<?>> registryBackedStores(
      String applicationId, RosterTopics topics) {
    Map<String, AvroSerde<?>> stores = new java.util.LinkedHashMap<>();
    stores.put(changelogTopic(applicationId, USERS_STORE), usersStoreSerde(topics));
    String identities = IdentityStage.applicationId(applicationId);
    IdentityTopology.registryBackedStores(topics)
        .forEach((store, serde) -> stores.put(changelogTopic(identities, store), serde));
    return stores;
  }

  /**
   * The changelog topics of every store, the identity stage's included: they have as many
   * partitions as roster.observations had when they were made.
   */
  static List<String> changelogTopics(String applicationId) {
    return Stream.concat(
            Stream.of(USERS_STORE, SEEN_STORE, ACCOUNTS_STORE, TALLIES_STORE, RESEND_STORE)
                .map(store -> changelogTopic(applicationId, store)),
            IdentityTopology.stores().stream()
                .map(store -> changelogTopic(IdentityStage.applicationId(applicationId), store)))
        .toList();
  }

  /**
   * The changelog topic Kafka Streams keeps a store in: {@code <application.id>-<store>-changelog}.
   */
  static String changelogTopic(String applicationId, String store) {
    return applicationId + "-" + store + "-changelog";
  }

  private static AvroSerde<User> usersStoreSerde(RosterTopics topics) {
    return topics.value(User.class);
  }

  public static Topology build(RosterTopics topics, DetectorSettings settings, Clock clock) {
    Topology topology = new Topology();
    topology.addSource(
        SOURCE,
        topics.observations.keySerde().deserializer(),
        topics.observations.valueSerde().deserializer(),
        topics.observations.name());
    topology.addProcessor(PROCESSOR, () -> new ObservationProcessor(settings, clock), SOURCE);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(USERS_STORE), Serdes.String(), usersStoreSerde(topics)),
        PROCESSOR);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(SEEN_STORE), Serdes.String(), SeenState.serde()),
        PROCESSOR);
    // Cached, like the tallies: an account's counts change with every event of a poll, and its
    // changelog needs only the last value of each commit, not one record per event.
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ACCOUNTS_STORE),
                Serdes.String(),
                AccountState.serde())
            .withCachingEnabled(),
        PROCESSOR);
    // Cached: the tally changes with every observation, its changelog needs only the last value of
    // each commit.
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(TALLIES_STORE),
                Serdes.String(),
                ObservationTally.serde())
            .withCachingEnabled(),
        PROCESSOR);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(RESEND_STORE), Serdes.String(), Serdes.Long()),
        PROCESSOR);
    UserPartitioner byUser = new UserPartitioner();
    topology.addSink(
        USERS_SINK,
        topics.users.name(),
        topics.users.keySerde().serializer(),
        topics.users.valueSerde().serializer(),
        byUser,
        PROCESSOR);
    topology.addSink(
        EVENTS_SINK,
        topics.userEvents.name(),
        topics.userEvents.keySerde().serializer(),
        topics.userEvents.valueSerde().serializer(),
        byUser,
        PROCESSOR);
    topology.addSink(
        SUMMARIES_SINK,
        topics.pollSummaries.name(),
        topics.pollSummaries.keySerde().serializer(),
        topics.pollSummaries.valueSerde().serializer(),
        PROCESSOR);
    return topology;
  }
}
