package dev.roster.identity;

import dev.roster.avro.IdentityMember;
import dev.roster.avro.IdentityState;
import dev.roster.kafka.IdentityPartitioner;
import dev.roster.registry.AvroSerde;
import dev.roster.topics.RosterTopics;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The identity stage's topology: roster.users in; roster.identity-changes between its two halves;
 * roster.identities and roster.identity-alerts out. Its own Streams application runs it ({@link
 * IdentityStage}), exactly-once like the detector's (docs/architecture.md#identities).
 */
public final class IdentityTopology {

  static final String USERS_SOURCE = "identity-users";
  static final String MEMBERS = "identity-members";
  static final String CHANGES_SINK = "identity-changes-sink";
  static final String CHANGES_SOURCE = "identity-changes";
  static final String PEOPLE = "identities";
  static final String IDENTITIES_SINK = "identities-sink";
  static final String ALERTS_SINK = "identity-alerts-sink";

  /** The member each user last was. */
  public static final String MEMBERS_STORE = "identity-members";

  /** Per tenant: users without an identity key, in this task's partitions. */
  public static final String UNKEYED_STORE = "identity-unkeyed";

  /** Per person: the published identity and its tracked alerts. */
  public static final String PEOPLE_STORE = "identities";

  /** Per person with a grace period running: when the first one ends. */
  public static final String DUE_STORE = "identity-alerts-due";

  private IdentityTopology() {}

  /**
   * The stores whose values go through the schema registry, by the store's name ({@code
   * DetectorTopology.registryBackedStores} names their changelogs).
   */
  public static Map<String, AvroSerde<?>> registryBackedStores(RosterTopics topics) {
    return Map.of(
        MEMBERS_STORE, topics.value(IdentityMember.class),
        PEOPLE_STORE, topics.value(IdentityState.class));
  }

  public static List<String> stores() {
    return List.of(MEMBERS_STORE, UNKEYED_STORE, PEOPLE_STORE, DUE_STORE);
  }

  public static void addTo(
      Topology topology,
      RosterTopics topics,
      IdentitySettings settings,
      IdentityProviderView providers,
      UsersWithoutKey withoutKey,
      Clock clock) {
    IdentityPartitioner byPerson = new IdentityPartitioner();
    topology.addSource(
        USERS_SOURCE,
        topics.users.keySerde().deserializer(),
        topics.users.valueSerde().deserializer(),
        topics.users.name());
    topology.addProcessor(
        MEMBERS, () -> new IdentityMemberProcessor(settings, withoutKey), USERS_SOURCE);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(MEMBERS_STORE),
            Serdes.String(),
            topics.value(IdentityMember.class)),
        MEMBERS);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(UNKEYED_STORE), Serdes.String(), Serdes.Long())
            .withCachingEnabled(),
        MEMBERS);
    topology.addSink(
        CHANGES_SINK,
        topics.identityChanges.name(),
        topics.identityChanges.keySerde().serializer(),
        topics.identityChanges.valueSerde().serializer(),
        byPerson,
        MEMBERS);

    topology.addSource(
        CHANGES_SOURCE,
        topics.identityChanges.keySerde().deserializer(),
        topics.identityChanges.valueSerde().deserializer(),
        topics.identityChanges.name());
    topology.addProcessor(
        PEOPLE, () -> new IdentityProcessor(settings, providers, clock), CHANGES_SOURCE);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(PEOPLE_STORE),
            Serdes.String(),
            topics.value(IdentityState.class)),
        PEOPLE);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(DUE_STORE), Serdes.String(), Serdes.Long()),
        PEOPLE);
    topology.addSink(
        IDENTITIES_SINK,
        topics.identities.name(),
        topics.identities.keySerde().serializer(),
        topics.identities.valueSerde().serializer(),
        byPerson,
        PEOPLE);
    topology.addSink(
        ALERTS_SINK,
        topics.identityAlerts.name(),
        topics.identityAlerts.keySerde().serializer(),
        topics.identityAlerts.valueSerde().serializer(),
        byPerson,
        PEOPLE);
  }
}
