package dev.roster.app;

import dev.roster.detect.DetectorTopology;
import dev.roster.registry.AvroSerde;
import dev.roster.registry.CompatibilityResult;
import dev.roster.registry.SchemaRegistryClient;
import dev.roster.topics.RosterTopics;
import dev.roster.topics.TopicSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.Serde;

/**
 * The subjects Roster writes and their schemas, checked against the registry before anything is
 * written: an incompatible change stops start-up with the registry's reasons, not a poll later.
 */
public final class SchemaCheck {

  private SchemaCheck() {}

  /**
   * Subject → schema for every Avro key and value Roster writes, named as its serde names them: the
   * topics', and the detector's stores' (whose subjects follow their changelog topics, so depend on
   * the application id).
   */
  public static Map<String, Schema> subjects(RosterTopics topics, String applicationId) {
    Map<String, Schema> subjects = new LinkedHashMap<>();
    for (TopicSpec<?, ?> topic : topics.all()) {
      for (Serde<?> serde : List.of(topic.keySerde(), topic.valueSerde())) {
        if (serde instanceof AvroSerde<?> avro && avro.schema().isPresent()) {
          subjects.put(avro.subject(topic.name()).orElseThrow(), avro.schema().get());
        }
      }
    }
    DetectorTopology.registryBackedStores(applicationId, topics)
        .forEach(
            (changelog, serde) ->
                subjects.put(serde.subject(changelog).orElseThrow(), serde.schema().orElseThrow()));
    return subjects;
  }

  /** Problems, one line per incompatible subject; empty when every schema may be registered. */
  public static List<String> check(
      SchemaRegistryClient registry, RosterTopics topics, String applicationId) {
    List<String> problems = new ArrayList<>();
    subjects(topics, applicationId)
        .forEach(
            (subject, schema) -> {
              CompatibilityResult result = registry.testCompatibility(subject, schema);
              if (!result.compatible()) {
                problems.add(subject + ": " + String.join("; ", result.messages()));
              }
            });
    return problems;
  }

  public static void registerAll(
      SchemaRegistryClient registry, RosterTopics topics, String applicationId) {
    List<String> problems = check(registry, topics, applicationId);
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "The schema registry refuses Roster's schemas:\n" + String.join("\n", problems));
    }
    subjects(topics, applicationId).forEach(registry::register);
  }
}
