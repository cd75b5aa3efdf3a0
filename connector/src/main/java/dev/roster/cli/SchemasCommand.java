package dev.roster.cli;

import dev.roster.app.SchemaCheck;
import dev.roster.config.RosterConfig;
import dev.roster.registry.SchemaRegistryClient;
import dev.roster.topics.RosterTopics;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** For users' CI pipelines: is this Roster's contract compatible with what the registry holds? */
@Command(
    name = "schemas",
    mixinStandardHelpOptions = true,
    description = "Check or register Roster's Avro schemas in the schema registry.")
final class SchemasCommand {

  /** Exit code when the registry would refuse a schema. */
  static final int INCOMPATIBLE = 4;

  @Mixin ConfigOption config;

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description =
          "Test every subject Roster writes against the registry's compatibility rules; exit 4 when one is refused.")
  int check() {
    RosterConfig loaded = config.load();
    SchemaRegistryClient registry = new SchemaRegistryClient(loaded.registryClientConfig());
    RosterTopics topics = new RosterTopics(loaded.topicSettings(), registry, loaded.serdeConfig());
    List<String> problems = SchemaCheck.check(registry, topics, loaded.applicationId());
    SchemaCheck.subjects(topics, loaded.applicationId())
        .keySet()
        .forEach(
            subject ->
                System.out.println(
                    (problems.stream().anyMatch(p -> p.startsWith(subject + ":"))
                            ? "INCOMPATIBLE "
                            : "ok           ")
                        + subject));
    problems.forEach(System.err::println);
    return problems.isEmpty() ? 0 : INCOMPATIBLE;
  }

  @Command(
      name = "register",
      mixinStandardHelpOptions = true,
      description = "Register every schema Roster writes (after the same check).")
  int register() {
    RosterConfig loaded = config.load();
    SchemaRegistryClient registry = new SchemaRegistryClient(loaded.registryClientConfig());
    RosterTopics topics = new RosterTopics(loaded.topicSettings(), registry, loaded.serdeConfig());
    SchemaCheck.registerAll(registry, topics, loaded.applicationId());
    SchemaCheck.subjects(topics, loaded.applicationId())
        .forEach(
            (subject, schema) ->
                System.out.println(
                    "registered " + subject + " as id " + registry.register(subject, schema)));
    return 0;
  }
}
