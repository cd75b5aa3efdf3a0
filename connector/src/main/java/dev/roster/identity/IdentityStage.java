package dev.roster.identity;

import dev.roster.topics.RosterTopics;
import java.time.Clock;
import org.apache.kafka.streams.Topology;

/**
 * The identity stage as the change detector's application runs it: its rules, the instance's view
 * of the identity providers, and where it reports users without a key.
 */
public record IdentityStage(
    IdentitySettings settings, IdentityProviderView providers, UsersWithoutKey withoutKey) {

  public void addTo(Topology topology, RosterTopics topics, Clock clock) {
    IdentityTopology.addTo(topology, topics, settings, providers, withoutKey, clock);
  }
}
