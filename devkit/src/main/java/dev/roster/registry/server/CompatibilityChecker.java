package dev.roster.registry.server;

import dev.roster.registry.CompatibilityLevel;
import dev.roster.registry.CompatibilityResult;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Decides whether a candidate schema may follow a subject's earlier versions, using Avro's own
 * reader/writer resolution rules (the rules a consumer actually decodes with).
 */
final class CompatibilityChecker {

  private CompatibilityChecker() {}

  /**
   * @param earlier the subject's versions, oldest first; non-transitive levels look only at the
   *     last
   * @param firstVersionNumber the version number of {@code earlier.get(0)}, for messages
   */
  static CompatibilityResult check(
      CompatibilityLevel level, Schema candidate, List<Schema> earlier, int firstVersionNumber) {
    if (level == CompatibilityLevel.NONE || earlier.isEmpty()) {
      return new CompatibilityResult(true, List.of());
    }
    int from = level.transitive() ? 0 : earlier.size() - 1;
    List<String> messages = new ArrayList<>();
    for (int i = from; i < earlier.size(); i++) {
      int version = firstVersionNumber + i;
      Schema old = earlier.get(i);
      if (level.checksBackward()) {
        describe(
            SchemaCompatibility.checkReaderWriterCompatibility(candidate, old),
            "the new schema cannot read data written with version " + version,
            messages);
      }
      if (level.checksForward()) {
        describe(
            SchemaCompatibility.checkReaderWriterCompatibility(old, candidate),
            "version " + version + " cannot read data written with the new schema",
            messages);
      }
    }
    return new CompatibilityResult(messages.isEmpty(), messages);
  }

  private static void describe(
      SchemaCompatibility.SchemaPairCompatibility pair, String what, List<String> messages) {
    if (pair.getType() == SchemaCompatibilityType.COMPATIBLE) {
      return;
    }
    for (Incompatibility incompatibility : pair.getResult().getIncompatibilities()) {
      messages.add(
          what
              + ": "
              + incompatibility.getType()
              + " at "
              + incompatibility.getLocation()
              + ": "
              + incompatibility.getMessage());
    }
  }
}
