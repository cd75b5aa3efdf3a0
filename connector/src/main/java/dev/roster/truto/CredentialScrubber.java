package dev.roster.truto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes credentials out of text that Truto or a vendor wrote, before it becomes a message: a log
 * line, a poll status on Kafka, the status page. Truto's error bodies may echo the request (the
 * vendor's {@code raw_response}, its headers), so they can hold Roster's API token or the
 * customer's own token for the vendor. Removed are the API token wherever it appears, the value of
 * every field or header named like a credential ({@code authorization}, {@code cookie}, {@code
 * x-api-key}, {@code *_token}, {@code *password}, …) and every {@code Bearer} or {@code Basic}
 * credential.
 *
 * <p>JSON is scrubbed as a tree, before it is rendered or cut to length: text cut first could keep
 * the start of a token that no rule recognises any more.
 */
final class CredentialScrubber {

  static final String REDACTED = "[redacted]";

  /** Field and header names whose value is a credential, lower-case with '-' as '_'. */
  private static final Set<String> CREDENTIAL_NAMES =
      Set.of(
          "authorization",
          "proxy_authorization",
          "cookie",
          "set_cookie",
          "x_api_key",
          "api_key",
          "apikey",
          "token",
          "secret",
          "password",
          "passwd",
          "private_key");

  private static final List<String> CREDENTIAL_NAME_SUFFIXES =
      List.of("_token", "_secret", "_password", "_api_key");

  /**
   * {@code Authorization: Bearer abc}, {@code x-api-key=abc}, {@code "password": "abc"}: a
   * credential-named field and its value.
   */
  private static final Pattern NAMED_VALUE =
      Pattern.compile(
          "(?i)(\\b(?:proxy-)?authorization|\\b(?:set-)?cookie"
              + "|\\b[a-z_-]*api[-_]?key|\\b[a-z_-]*token|\\b[a-z_-]*secret|\\b[a-z_-]*password)(\"?\\s*[:=]\\s*)"
              // The value: quoted, already redacted (scrubbing twice changes nothing), a scheme and
              // its credential, or a word.
              + "(\"(?:[^\"\\\\]|\\\\.)*\"|\\[redacted]|(?:bearer|basic|digest)\\s+(?:\\[redacted]|[^\\s,;\"')\\]}<>]+)|[^\\s,;&\"')}\\]<>]+)");

  private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer)\\s+[A-Za-z0-9._~+/=-]+");

  /**
   * {@code Basic} and base64: a credential only when it decodes to user:secret, so "Basic plan"
   * stays.
   */
  private static final Pattern BASIC =
      Pattern.compile("(?i)\\b(basic)\\s+([A-Za-z0-9+/]{4,}={0,2})");

  private final ApiToken token;

  CredentialScrubber(ApiToken token) {
    this.token = token;
  }

  String scrub(String text) {
    String withoutToken = token.replaceIn(text, REDACTED);
    String withoutNamed =
        NAMED_VALUE
            .matcher(withoutToken)
            .replaceAll(
                match ->
                    Matcher.quoteReplacement(
                        match.group(1)
                            + match.group(2)
                            + (match.group(3).startsWith("\"")
                                ? "\"" + REDACTED + "\""
                                : REDACTED)));
    String withoutBearer =
        BEARER.matcher(withoutNamed).replaceAll("$1 " + Matcher.quoteReplacement(REDACTED));
    return BASIC
        .matcher(withoutBearer)
        .replaceAll(
            match ->
                Matcher.quoteReplacement(
                    isUserAndSecret(match.group(2))
                        ? match.group(1) + " " + REDACTED
                        : match.group()));
  }

  /**
   * A copy of {@code node} without credentials: credential-named fields emptied, all text scrubbed.
   */
  JsonNode scrub(JsonNode node) {
    if (node.isTextual()) {
      return TextNode.valueOf(scrub(node.asText()));
    }
    if (node.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      node.forEach(element -> copy.add(scrub(element)));
      return copy;
    }
    if (node.isObject()) {
      // A header as {"name": "Authorization", "value": "..."}, as HAR files and some vendors write
      // them.
      boolean credentialPair =
          isCredentialName(node.path("name").asText(""))
              || isCredentialName(node.path("key").asText(""));
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      node.properties()
          .forEach(
              field ->
                  copy.set(
                      field.getKey(),
                      isCredentialName(field.getKey())
                              || credentialPair && field.getKey().equals("value")
                          ? TextNode.valueOf(REDACTED)
                          : scrub(field.getValue())));
      return copy;
    }
    return node; // numbers, booleans, null: no credential is one of those
  }

  private static boolean isCredentialName(String name) {
    String normal = name.toLowerCase(Locale.ROOT).replace('-', '_');
    return CREDENTIAL_NAMES.contains(normal)
        || CREDENTIAL_NAME_SUFFIXES.stream().anyMatch(normal::endsWith);
  }

  private static boolean isUserAndSecret(String base64) {
    try {
      return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8).contains(":");
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
  }
}
