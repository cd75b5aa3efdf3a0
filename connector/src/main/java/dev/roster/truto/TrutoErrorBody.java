package dev.roster.truto;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an error response body says, in words: Truto's {@code {"statusCode", "error", "message",
 * "truto_is_remote_error", "truto_error_insight": {...}}}, or whatever else came (empty, HTML,
 * plain text). Credentials the body echoes (Truto may include the request's headers and the
 * vendor's raw response) are scrubbed before anything is rendered or cut.
 *
 * @param remote Truto says the vendor, not Truto, produced the error
 * @param details the error, the message and each error insight, ready to join into a sentence
 */
record TrutoErrorBody(boolean remote, List<String> details) {

  /**
   * The heap the tree of one error body may take ({@link TreeBudget}): Truto's errors are a few
   * fields, a vendor's raw response and headers; a body that expands past this is no error report.
   */
  private static final long MAX_TREE_BYTES = 8L << 20;

  private static final int MAX_DETAIL_CHARS = 300;
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  /** Names for the insights Truto documents; others are named after their key. */
  private static final Map<String, String> INSIGHT_LABELS =
      Map.of(
          "missing_required_query_parameters", "missing required query parameter(s)",
          "forbidden_error", "forbidden");

  TrutoErrorBody {
    details = List.copyOf(details);
  }

  static TrutoErrorBody parse(String body, CredentialScrubber scrubber) {
    if (body == null || body.isBlank()) {
      return new TrutoErrorBody(false, List.of("empty body"));
    }
    JsonNode json;
    try {
      json = new TreeBudget(MAX_TREE_BYTES).readTree(body.getBytes(StandardCharsets.UTF_8));
    } catch (IOException notJson) {
      json = null;
    } catch (TreeBudget.Exceeded tooLarge) {
      return new TrutoErrorBody(false, List.of("an error body too large to read as JSON"));
    }
    if (json == null || !json.isObject()) {
      return new TrutoErrorBody(false, List.of("body: " + oneLine(scrubber.scrub(body))));
    }
    json = scrubber.scrub(json);
    List<String> details = new ArrayList<>();
    text(json.get("error")).ifPresent(details::add);
    text(json.get("message")).ifPresent(details::add);
    JsonNode insights = json.get("truto_error_insight");
    if (insights != null && insights.isObject()) {
      insights
          .properties()
          .forEach(
              insight ->
                  details.add(
                      INSIGHT_LABELS.getOrDefault(
                              insight.getKey(), insight.getKey().replace('_', ' '))
                          + ": "
                          + describeInsight(insight.getValue())));
    }
    JsonNode remote = json.get("truto_is_remote_error");
    boolean isRemote =
        remote != null && (remote.asBoolean(false) || "true".equals(remote.asText()));
    return new TrutoErrorBody(isRemote, details);
  }

  /**
   * An insight is {@code {"value": ...}} in the documentation; its value, or the insight itself, in
   * words.
   */
  private static String describeInsight(JsonNode insight) {
    JsonNode value = insight.isObject() && insight.has("value") ? insight.get("value") : insight;
    if (value.isArray()) {
      List<String> parts = new ArrayList<>();
      value.forEach(
          element ->
              parts.add(
                  element.isValueNode()
                      ? element.asText()
                      : CompactJson.snippet(element, MAX_DETAIL_CHARS)));
      return oneLine(String.join(", ", parts));
    }
    return oneLine(
        value.isValueNode() ? value.asText() : CompactJson.snippet(value, MAX_DETAIL_CHARS));
  }

  private static Optional<String> text(JsonNode value) {
    if (value == null || !value.isValueNode() || value.isNull() || value.asText().isBlank()) {
      return Optional.empty();
    }
    return Optional.of(oneLine(value.asText()));
  }

  /** Vendor text on one line and of sane length, so one error is one log line. */
  private static String oneLine(String text) {
    String flat = WHITESPACE.matcher(text.strip()).replaceAll(" ");
    return flat.length() > MAX_DETAIL_CHARS ? Strings.truncate(flat, MAX_DETAIL_CHARS) + "…" : flat;
  }
}
