package dev.roster.truto;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The Truto API token. It only ever leaves this object as an Authorization header value: its {@link
 * #toString()} is masked, so it cannot reach a log line, an exception message or a metric by
 * accident.
 */
public final class ApiToken {

  private final String secret;

  /**
   * The token as an echo may write it: as sent, URL-encoded (a request's query or form), and with
   * JSON's optional escape of {@code /}.
   */
  private final List<String> forms;

  private ApiToken(String secret) {
    this.secret = secret;
    this.forms =
        Stream.of(
                secret,
                URLEncoder.encode(secret, StandardCharsets.UTF_8),
                secret.replace("/", "\\/"))
            .distinct()
            .toList();
  }

  public static ApiToken of(String secret) {
    Objects.requireNonNull(secret, "The Truto API token is not set");
    if (secret.isBlank()) {
      throw new IllegalArgumentException("The Truto API token is empty");
    }
    String token = secret.trim();
    // Else the JDK's HTTP client refuses the header with an error quoting it, token and all.
    if (!token.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
      throw new IllegalArgumentException(
          "The Truto API token holds a character that is not visible ASCII (a line break, say)");
    }
    return new ApiToken(token);
  }

  String authorizationHeader() {
    return "Bearer " + secret;
  }

  /**
   * {@code text} with the token replaced wherever it appears, in any of its {@link #forms}: for
   * text Truto wrote, see {@link CredentialScrubber}.
   */
  String replaceIn(String text, String replacement) {
    String replaced = text;
    for (String form : forms) {
      replaced = replaced.replace(form, replacement);
    }
    return replaced;
  }

  /** Whether {@code text} contains the token: for tests and last-line checks before logging. */
  public boolean appearsIn(String text) {
    return text != null && text.contains(secret);
  }

  /**
   * Whether {@code body} holds the token in any of the forms {@link #replaceIn} replaces: a
   * response that echoes it, whose values must then be cleaned before they go anywhere.
   */
  boolean appearsIn(byte[] body) {
    for (String form : forms) {
      if (indexOf(body, form.getBytes(StandardCharsets.US_ASCII)) >= 0) {
        return true;
      }
    }
    return false;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ApiToken token && token.secret.equals(secret);
  }

  @Override
  public int hashCode() {
    return secret.hashCode();
  }

  @Override
  public String toString() {
    return "ApiToken[****]";
  }
}
