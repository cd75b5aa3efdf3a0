package dev.roster.truto;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Reads values out of vendor JSON without ever failing: a value of the wrong type becomes null (or
 * an empty list) and leaves a {@link MappingIssue} behind. One reader per user; it collects that
 * user's issues.
 *
 * <p>An absent value and a JSON null both mean "not given" and are never an issue.
 */
final class LenientReader {

  private static final int DETAIL_SNIPPET_CHARS = 80;

  private final int maxStringChars;
  private final int maxListElements;
  private final List<MappingIssue> issues = new ArrayList<>();
  private int charsLeft;

  /**
   * @param maxUserChars the text budget of the whole user: strings read after it is spent are cut
   *     to what is left
   */
  LenientReader(int maxStringChars, int maxListElements, int maxUserChars) {
    this.maxStringChars = maxStringChars;
    this.maxListElements = maxListElements;
    this.charsLeft = maxUserChars;
  }

  List<MappingIssue> issues() {
    return List.copyOf(issues);
  }

  void report(MappingIssue.Kind kind, String path, String detail) {
    issues.add(new MappingIssue(kind, path, detail));
  }

  static boolean isAbsent(JsonNode value) {
    return value == null || value.isNull() || value.isMissingNode();
  }

  /**
   * A string, capped. Numbers and booleans are written as text (vendors send numeric ids and
   * codes); objects and arrays are not strings.
   */
  String text(JsonNode value, String path) {
    if (isAbsent(value)) {
      return null;
    }
    if (value.isTextual()) {
      return capped(value.textValue(), path);
    }
    if (value.isNumber() || value.isBoolean()) {
      return capped(value.asText(), path);
    }
    wrongType(value, path, "a string");
    return null;
  }

  /** A boolean from true/false or the strings "true"/"false" (any case, trimmed). */
  Boolean bool(JsonNode value, String path) {
    if (isAbsent(value)) {
      return null;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isTextual()) {
      switch (value.textValue().strip().toLowerCase(Locale.ROOT)) {
        case "true":
          return true;
        case "false":
          return false;
        default:
          break;
      }
    }
    wrongType(value, path, "a boolean");
    return null;
  }

  /** A timestamp in any form {@link LenientTimestamps} accepts. */
  Instant timestamp(JsonNode value, String path) {
    if (isAbsent(value)) {
      return null;
    }
    Optional<Instant> instant = LenientTimestamps.parse(value);
    if (instant.isEmpty()) {
      report(
          MappingIssue.Kind.UNPARSEABLE_TIMESTAMP,
          path,
          "unparseable: " + CompactJson.snippet(value, DETAIL_SNIPPET_CHARS));
    }
    return instant.orElse(null);
  }

  /**
   * The id of something a user's role, group or license points at: vendors send either the id
   * itself or the object with its id.
   */
  String reference(JsonNode value, String path) {
    if (value != null && value.isObject()) {
      JsonNode id = value.get("id");
      if (isAbsent(id)) {
        report(MappingIssue.Kind.WRONG_TYPE, path, "an object without an id");
        return null;
      }
      return text(id, path + ".id");
    }
    return text(value, path);
  }

  /**
   * The readable elements of an array, the first {@code maxListElements} of them. Anything but an
   * array is read as no elements; an element the {@code element} function cannot read (it returns
   * empty) is left out.
   */
  <T> List<T> list(JsonNode value, String path, BiFunction<JsonNode, String, Optional<T>> element) {
    if (isAbsent(value)) {
      return List.of();
    }
    if (!value.isArray()) {
      wrongType(value, path, "an array");
      return List.of();
    }
    int kept = Math.min(value.size(), maxListElements);
    if (kept < value.size()) {
      report(
          MappingIssue.Kind.LIST_TRUNCATED,
          path,
          value.size() + " elements cut to " + maxListElements);
    }
    List<T> elements = new ArrayList<>(kept);
    for (int i = 0; i < kept; i++) {
      String elementPath = path + "[" + i + "]";
      Optional<T> read = element.apply(value.get(i), elementPath);
      if (read.isPresent()) {
        elements.add(read.get());
      } else {
        report(
            MappingIssue.Kind.ELEMENT_SKIPPED, elementPath, "unexpected " + describe(value.get(i)));
      }
    }
    return elements;
  }

  /** An element reader for arrays of objects: anything but an object is skipped. */
  <T> BiFunction<JsonNode, String, Optional<T>> objects(BiFunction<JsonNode, String, T> read) {
    return (element, path) ->
        element.isObject() ? Optional.of(read.apply(element, path)) : Optional.empty();
  }

  /** An element reader for arrays of strings: strings, numbers and booleans, as {@link #text}. */
  BiFunction<JsonNode, String, Optional<String>> strings() {
    return (element, path) ->
        element.isTextual() || element.isNumber() || element.isBoolean()
            ? Optional.of(text(element, path))
            : Optional.empty();
  }

  private String capped(String text, String path) {
    int allowed = Math.min(maxStringChars, charsLeft);
    String kept =
        text.length() <= allowed ? text : allowed == 0 ? "" : Strings.truncate(text, allowed);
    charsLeft -= kept.length();
    if (kept != text) {
      report(
          MappingIssue.Kind.STRING_TRUNCATED,
          path,
          text.length()
              + " chars cut to "
              + kept.length()
              + (allowed < maxStringChars ? " (the user's text budget is spent)" : ""));
    }
    return kept;
  }

  private void wrongType(JsonNode value, String path, String expected) {
    report(MappingIssue.Kind.WRONG_TYPE, path, "expected " + expected + ", got " + describe(value));
  }

  static String describe(JsonNode value) {
    return switch (value.getNodeType()) {
      case OBJECT, POJO -> "an object";
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL, MISSING -> "null";
      case BINARY -> "binary data";
    };
  }
}
