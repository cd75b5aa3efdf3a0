package dev.roster.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.avro.User;
import dev.roster.registry.AvroSerdeConfig;
import dev.roster.registry.RegistryClientConfig;
import dev.roster.registry.SchemaRegistryClient;
import dev.roster.topics.RosterTopics;
import dev.roster.topics.TopicSettings;
import org.junit.jupiter.api.Test;

class SchemaCheckTest {

  private final RosterTopics topics =
      new RosterTopics(
          TopicSettings.defaults(),
          new SchemaRegistryClient(RegistryClientConfig.of("http://registry.invalid:8081")),
          AvroSerdeConfig.DEFAULTS);

  @Test
  void coversEveryTopicAndTheDetectorsUsersStore() {
    // The store's serializer writes under its changelog's subject: unregistered at start-up, its
    // first
    // use during a registry outage (or with auto-registration off) would fail and drop an
    // observation.
    assertThat(SchemaCheck.subjects(topics, "roster"))
        .containsKeys(
            "roster.users-key",
            "roster.users-value",
            "roster.user-events-value",
            "roster.observations-value")
        .containsEntry("roster-users-changelog-value", User.getClassSchema());
  }
}
