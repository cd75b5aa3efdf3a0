package dev.roster.identity;

import dev.roster.topics.RosterTopics;
import java.time.Clock;
import org.apache.kafka.streams.Topology;

/**
 * The identity stage: its rules, the instance's view of the identity providers, and where it
 * reports users without a key. It runs as a Kafka Streams application of its own ({@link
 * #applicationId}), beside the change detector's, so its work on a baseline (two store writes per
 * user) neither holds up the detector nor commits at the detector's 100 ms, and its stores have
 * their own memory (docs/architecture.md#identities).
 */
public record IdentityStage(
    IdentitySettings settings, IdentityProviderView providers, UsersWithoutKey withoutKey) {

  /**
   * How often the stage commits: alerts need no 100 ms latency, and each commit flushes what every
   * store wrote.
   */
  public static final int COMMIT_INTERVAL_MS = 1_000;

  /**
   * Share of {@code detector.rocksdb.memory} the stage's stores get; the detector keeps the rest.
   */
  public static final double ROCKSDB_MEMORY_SHARE = 0.25;

  /**
   * The stage's Streams application id, derived from Roster's {@code application.id}: its consumer
   * group, and the prefix of its changelog topics and state directory.
   */
  public static String applicationId(String rosterApplicationId) {
    return rosterApplicationId + "-identities";
  }

  /** The stage alone, as its application runs it. */
  public Topology topology(RosterTopics topics, Clock clock) {
    Topology topology = new Topology();
    addTo(topology, topics, clock);
    return topology;
  }

  public void addTo(Topology topology, RosterTopics topics, Clock clock) {
    IdentityTopology.addTo(topology, topics, settings, providers, withoutKey, clock);
  }
}
