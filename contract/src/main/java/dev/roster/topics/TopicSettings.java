package dev.roster.topics;

import java.time.Duration;

/**
 * How Roster's topics are named and created.
 *
 * @param prefix prepended to every topic name ("roster." gives roster.users, roster.user-events, …)
 * @param partitions partitions of each topic; more partitions let more instances share the work
 * @param replication replication factor; 3 suits a production cluster, 1 a single broker
 * @param observationsRetention how long the internal observations are kept (the detector reads them
 *     within seconds; the retention only covers a detector that is down)
 * @param eventsRetention how long change events are kept for consumers to catch up
 */
public record TopicSettings(
    String prefix,
    int partitions,
    short replication,
    Duration observationsRetention,
    Duration eventsRetention) {

  public static final String DEFAULT_PREFIX = "roster.";
  public static final int DEFAULT_PARTITIONS = 6;
  public static final short DEFAULT_REPLICATION = 3;
  public static final Duration DEFAULT_OBSERVATIONS_RETENTION = Duration.ofDays(1);
  public static final Duration DEFAULT_EVENTS_RETENTION = Duration.ofDays(30);

  public TopicSettings {
    if (partitions < 1) {
      throw new IllegalArgumentException("topics need at least one partition, got " + partitions);
    }
    if (replication < 1) {
      throw new IllegalArgumentException(
          "the replication factor must be at least 1, got " + replication);
    }
  }

  public static TopicSettings defaults() {
    return new TopicSettings(
        DEFAULT_PREFIX,
        DEFAULT_PARTITIONS,
        DEFAULT_REPLICATION,
        DEFAULT_OBSERVATIONS_RETENTION,
        DEFAULT_EVENTS_RETENTION);
  }

  /** One broker, few partitions: the demo and tests. */
  public static TopicSettings singleBroker(String prefix, int partitions) {
    return new TopicSettings(
        prefix, partitions, (short) 1, DEFAULT_OBSERVATIONS_RETENTION, DEFAULT_EVENTS_RETENTION);
  }
}
