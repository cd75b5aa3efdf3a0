package dev.roster.registry.server;

import dev.roster.registry.CompatibilityLevel;
import dev.roster.registry.CompatibilityResult;
import dev.roster.registry.server.SchemaLogEntry.LevelSetting;
import dev.roster.registry.server.SchemaLogEntry.SchemaVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.Schema;

/**
 * What the embedded registry knows, rebuilt from its log, and the decisions it makes on it. Pure:
 * no IO, so the rules are tested without Kafka or HTTP. Not thread-safe; the server serialises
 * access.
 *
 * <p>Schemas are identified by {@link Schema#toString()} of the parsed schema
 * (whitespace-insensitive but keeping docs and defaults), and one schema text has one global id
 * whatever the subject, as in Confluent's registry.
 */
final class RegistryState {

  static final CompatibilityLevel DEFAULT_LEVEL = CompatibilityLevel.BACKWARD;

  private final Map<String, List<SchemaVersion>> versionsBySubject = new TreeMap<>();
  private final Map<Integer, String> schemaById = new HashMap<>();
  private final Map<String, Integer> idBySchema = new HashMap<>();
  private final Map<String, CompatibilityLevel> levelBySubject = new HashMap<>();
  private CompatibilityLevel globalLevel = DEFAULT_LEVEL;
  private int highestId;

  /** What registering a schema under a subject would do. */
  sealed interface Registration {
    /** The subject already holds the schema: answer its id, write nothing. */
    record Existing(SchemaVersion version) implements Registration {}

    /** A new version to append to the log (and then apply). */
    record NewVersion(SchemaVersion version) implements Registration {}

    /** Refused under the subject's compatibility level. */
    record Incompatible(CompatibilityLevel level, List<String> messages) implements Registration {}
  }

  void apply(SchemaLogEntry entry) {
    if (entry instanceof SchemaVersion version) {
      versionsBySubject.computeIfAbsent(version.subject(), s -> new ArrayList<>()).add(version);
      schemaById.putIfAbsent(version.id(), version.schema());
      idBySchema.putIfAbsent(version.schema(), version.id());
      highestId = Math.max(highestId, version.id());
    } else if (entry instanceof LevelSetting setting) {
      if (setting.subject().isEmpty()) {
        globalLevel = setting.level().orElse(DEFAULT_LEVEL);
      } else if (setting.level().isPresent()) {
        levelBySubject.put(setting.subject().get(), setting.level().get());
      } else {
        levelBySubject.remove(setting.subject().get());
      }
    }
  }

  Registration planRegistration(String subject, Schema schema) {
    String text = schema.toString();
    Optional<SchemaVersion> existing = find(subject, text);
    if (existing.isPresent()) {
      return new Registration.Existing(existing.get());
    }
    CompatibilityLevel level = effectiveLevel(subject);
    CompatibilityResult result = checkAgainstVersions(subject, schema, level, versions(subject));
    if (!result.compatible()) {
      return new Registration.Incompatible(level, result.messages());
    }
    int id = idBySchema.getOrDefault(text, highestId + 1);
    return new Registration.NewVersion(
        new SchemaVersion(subject, versions(subject).size() + 1, id, text));
  }

  /** Checks {@code schema} against the given versions of {@code subject} under {@code level}. */
  CompatibilityResult checkAgainstVersions(
      String subject, Schema schema, CompatibilityLevel level, List<SchemaVersion> against) {
    List<Schema> earlier =
        against.stream().map(v -> new Schema.Parser().parse(v.schema())).toList();
    int first = against.isEmpty() ? 1 : against.get(0).version();
    return CompatibilityChecker.check(level, schema, earlier, first);
  }

  Optional<SchemaVersion> find(String subject, String schemaText) {
    return versions(subject).stream().filter(v -> v.schema().equals(schemaText)).findFirst();
  }

  List<SchemaVersion> versions(String subject) {
    return versionsBySubject.getOrDefault(subject, List.of());
  }

  /** A version by number or "latest"; empty when absent. */
  Optional<SchemaVersion> version(String subject, int number) {
    return versions(subject).stream().filter(v -> v.version() == number).findFirst();
  }

  Optional<SchemaVersion> latest(String subject) {
    List<SchemaVersion> versions = versions(subject);
    return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
  }

  boolean hasSubject(String subject) {
    return versionsBySubject.containsKey(subject);
  }

  List<String> subjects() {
    return List.copyOf(versionsBySubject.keySet());
  }

  Optional<String> schemaById(int id) {
    return Optional.ofNullable(schemaById.get(id));
  }

  List<SchemaVersion> versionsOfId(int id) {
    return versionsBySubject.values().stream()
        .flatMap(List::stream)
        .filter(v -> v.id() == id)
        .toList();
  }

  Optional<CompatibilityLevel> subjectLevel(String subject) {
    return Optional.ofNullable(levelBySubject.get(subject));
  }

  CompatibilityLevel globalLevel() {
    return globalLevel;
  }

  CompatibilityLevel effectiveLevel(String subject) {
    return levelBySubject.getOrDefault(subject, globalLevel);
  }
}
