package dev.roster.truto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Optional;

/** Compact JSON text of a tree, for remote_data, dead letters and messages. */
final class CompactJson {

  private static final ObjectMapper WRITER = JsonMapper.builder().build();

  private CompactJson() {}

  /**
   * The compact text, or empty when Jackson refuses to write the tree (deeper than its nesting
   * limit).
   */
  static Optional<String> write(JsonNode value) {
    try {
      return Optional.of(WRITER.writeValueAsString(value));
    } catch (JsonProcessingException unwritable) {
      return Optional.empty();
    }
  }

  /**
   * At most {@code maxChars} of the compact text, followed by an ellipsis when cut; never throws.
   */
  static String snippet(JsonNode value, int maxChars) {
    return write(value)
        .map(text -> text.length() > maxChars ? Strings.truncate(text, maxChars) + "…" : text)
        .orElse("(unwritable JSON)");
  }
}
