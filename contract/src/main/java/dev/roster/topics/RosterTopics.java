package dev.roster.topics;

import dev.roster.avro.Identity;
import dev.roster.avro.IdentityAlert;
import dev.roster.avro.IdentityChange;
import dev.roster.avro.IdentityKey;
import dev.roster.avro.IntegratedAccount;
import dev.roster.avro.Observation;
import dev.roster.avro.PollStatus;
import dev.roster.avro.PollSummary;
import dev.roster.avro.User;
import dev.roster.avro.UserChangeEvent;
import dev.roster.avro.UserKey;
import dev.roster.registry.AvroSerde;
import dev.roster.registry.AvroSerdeConfig;
import dev.roster.registry.SchemaRegistryClient;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic Roster reads or writes, with its serdes, declared in one place (as Confluent's
 * microservices examples do). Keys of per-account topics are plain UTF-8 account ids, so any
 * consumer (Kafka Connect's StringConverter, ksqlDB) can read them.
 */
public final class RosterTopics {

  public final TopicSpec<String, IntegratedAccount> accounts;
  public final TopicSpec<UserKey, Observation> observations;
  public final TopicSpec<UserKey, User> users;
  public final TopicSpec<UserKey, UserChangeEvent> userEvents;
  public final TopicSpec<String, PollStatus> pollStatus;
  public final TopicSpec<String, PollSummary> pollSummaries;
  public final TopicSpec<byte[], byte[]> deadLetter;

  /** Internal: the identity stage's own feed from the users table to the people it groups. */
  public final TopicSpec<IdentityKey, IdentityChange> identityChanges;

  public final TopicSpec<IdentityKey, Identity> identities;
  public final TopicSpec<IdentityKey, IdentityAlert> identityAlerts;
  private final SchemaRegistryClient registry;
  private final AvroSerdeConfig serdeConfig;

  public RosterTopics(
      TopicSettings settings, SchemaRegistryClient registry, AvroSerdeConfig serdeConfig) {
    this.registry = registry;
    this.serdeConfig = serdeConfig;
    Map<String, String> compacted =
        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    Map<String, String> events =
        Map.of(
            TopicConfig.RETENTION_MS_CONFIG, Long.toString(settings.eventsRetention().toMillis()));
    String prefix = settings.prefix();
    int partitions = settings.partitions();
    short replication = settings.replication();
    this.accounts =
        new TopicSpec<>(
            prefix + "accounts",
            Serdes.String(),
            value(IntegratedAccount.class),
            partitions,
            replication,
            compacted);
    this.observations =
        new TopicSpec<>(
            prefix + "observations",
            key(UserKey.class),
            value(Observation.class),
            partitions,
            replication,
            Map.of(
                TopicConfig.RETENTION_MS_CONFIG,
                Long.toString(settings.observationsRetention().toMillis())));
    this.users =
        new TopicSpec<>(
            prefix + "users",
            key(UserKey.class),
            value(User.class),
            partitions,
            replication,
            compacted);
    this.userEvents =
        new TopicSpec<>(
            prefix + "user-events",
            key(UserKey.class),
            value(UserChangeEvent.class),
            partitions,
            replication,
            events);
    this.pollStatus =
        new TopicSpec<>(
            prefix + "poll-status",
            Serdes.String(),
            value(PollStatus.class),
            partitions,
            replication,
            compacted);
    this.pollSummaries =
        new TopicSpec<>(
            prefix + "poll-summaries",
            Serdes.String(),
            value(PollSummary.class),
            partitions,
            replication,
            events);
    this.deadLetter =
        new TopicSpec<>(
            prefix + "dead-letter",
            Serdes.ByteArray(),
            Serdes.ByteArray(),
            partitions,
            replication,
            events);
    this.identityChanges =
        new TopicSpec<>(
            prefix + "identity-changes",
            key(IdentityKey.class),
            value(IdentityChange.class),
            partitions,
            replication,
            Map.of(
                TopicConfig.RETENTION_MS_CONFIG,
                Long.toString(settings.observationsRetention().toMillis())));
    this.identities =
        new TopicSpec<>(
            prefix + "identities",
            key(IdentityKey.class),
            value(Identity.class),
            partitions,
            replication,
            compacted);
    this.identityAlerts =
        new TopicSpec<>(
            prefix + "identity-alerts",
            key(IdentityKey.class),
            value(IdentityAlert.class),
            partitions,
            replication,
            events);
  }

  public List<TopicSpec<?, ?>> all() {
    return List.of(
        accounts,
        observations,
        users,
        userEvents,
        pollStatus,
        pollSummaries,
        deadLetter,
        identityChanges,
        identities,
        identityAlerts);
  }

  /** A serde of one generated class, for values or internal state, sharing the registry client. */
  public <T extends org.apache.avro.specific.SpecificRecord> AvroSerde<T> value(Class<T> type) {
    return AvroSerde.specific(registry, serdeConfig, type, false);
  }

  private <T extends org.apache.avro.specific.SpecificRecord> AvroSerde<T> key(Class<T> type) {
    return AvroSerde.specific(registry, serdeConfig, type, true);
  }
}
