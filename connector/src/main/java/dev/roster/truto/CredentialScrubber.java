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
import java.util.function.UnaryOperator;
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

  /** How deep a cause chain is copied: a cycle (a → b → a) must not recurse for ever. */
  private static final int MAX_CAUSES = 16;

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
          // A name's prefix is bounded: an unbounded [a-z_-]* backtracks over every word boundary
          // of a run like "a-a-a-…", so a vendor's 64 KB of it took over a minute.
          "(?i)(\\b(?:proxy-)?authorization|\\b(?:set-)?cookie"
              + "|\\b[a-z_-]{0,40}(?:api[-_]?key|token|secret|password))(\"?\\s*[:=]\\s*)"
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
   * Raw bytes Truto sent (a page that could not be read, UTF-8 or not) scrubbed as text: read as
   * ISO-8859-1, one char per byte, so every byte no rule touches comes back as it was, and the
   * ASCII the rules look for is found in any ASCII-compatible encoding.
   */
  byte[] scrub(byte[] raw) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    String scrubbed = scrub(text);
    return scrubbed.equals(text) ? raw : scrubbed.getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * {@code failure}'s messages, its causes' included, scrubbed, for an exception that leaves the
   * Truto client: a cause's message may quote a request (the JDK's "invalid header value" quotes
   * the Authorization header) or a response, and whoever logs the exception prints them all.
   */
  Throwable scrub(Throwable failure) {
    return scrub(failure, MAX_CAUSES);
  }

  private Throwable scrub(Throwable failure, int causesLeft) {
    if (failure == null) {
      return null;
    }
    Throwable cause = causesLeft == 0 ? null : scrub(failure.getCause(), causesLeft - 1);
    ScrubbedFailure copy =
        new ScrubbedFailure(
            failure.getClass().getName()
                + (failure.getMessage() == null ? "" : ": " + scrub(failure.getMessage())),
            cause);
    copy.setStackTrace(failure.getStackTrace());
    return copy;
  }

  /**
   * A copy of {@code node} with Roster's API token replaced wherever it appears, in values and
   * names; nothing else changes: for user entries of a response that echoed the token, whose other
   * fields are the vendor's data and are published as they came.
   */
  JsonNode withoutToken(JsonNode node) {
    return copy(node, text -> token.replaceIn(text, REDACTED), false);
  }

  /**
   * A copy of {@code node} without credentials: credential-named fields emptied, all text scrubbed.
   */
  JsonNode scrub(JsonNode node) {
    return copy(node, this::scrub, true);
  }

  /**
   * A copy of {@code node} with {@code text} applied to every string, field names included, and,
   * when {@code emptyCredentials}, every credential-named field's value redacted.
   */
  private static JsonNode copy(
      JsonNode node, UnaryOperator<String> text, boolean emptyCredentials) {
    if (node.isTextual()) {
      return TextNode.valueOf(text.apply(node.asText()));
    }
    if (node.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      node.forEach(element -> copy.add(copy(element, text, emptyCredentials)));
      return copy;
    }
    if (node.isObject()) {
      // A header as {"name": "Authorization", "value": "..."}, as HAR files and some vendors write
      // them.
      boolean credentialPair =
          emptyCredentials
              && (isCredentialName(node.path("name").asText(""))
                  || isCredentialName(node.path("key").asText("")));
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      node.properties()
          .forEach(
              field ->
                  copy.set(
                      text.apply(field.getKey()),
                      emptyCredentials && isCredentialName(field.getKey())
                              || credentialPair && field.getKey().equals("value")
                          ? TextNode.valueOf(REDACTED)
                          : copy(field.getValue(), text, emptyCredentials)));
      return copy;
    }
    return node; // numbers, booleans, null: no credential is one of those
  }

  private static boolean isCredentialName(String name) {
    String normal = name.toLowerCase(Locale.ROOT).replace('-', '_');
    return CREDENTIAL_NAMES.contains(normal)
        || CREDENTIAL_NAME_SUFFIXES.stream().anyMatch(normal::endsWith);
  }

  /**
   * A scrubbed stand-in for an exception: its class name and scrubbed message as its own, its stack
   * trace, so a log shows what the original would have, minus the credentials.
   */
  static final class ScrubbedFailure extends Exception {
    ScrubbedFailure(String classAndMessage, Throwable cause) {
      super(classAndMessage, cause);
    }

    @Override
    public String toString() {
      return getMessage();
    }
  }

  private static boolean isUserAndSecret(String base64) {
    try {
      return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8).contains(":");
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
  }
}
