package dev.roster.registry.server;

import dev.roster.registry.CompatibilityLevel;
import java.util.Optional;

/**
 * One durable fact of the embedded registry, as stored in its compacted Kafka topic. Replaying the
 * entries in order rebuilds the registry exactly, so ids survive restarts.
 */
sealed interface SchemaLogEntry {

  /** Version {@code version} of {@code subject} is the schema with global id {@code id}. */
  record SchemaVersion(String subject, int version, int id, String schema)
      implements SchemaLogEntry {}

  /**
   * The compatibility level of {@code subject} (empty: the global level); an empty level removes a
   * subject's own setting.
   */
  record LevelSetting(Optional<String> subject, Optional<CompatibilityLevel> level)
      implements SchemaLogEntry {}
}
