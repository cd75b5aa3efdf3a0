package dev.roster.truto;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The Truto API token. It only ever leaves this object as an Authorization header value: its {@link
 * #toString()} is masked, so it cannot reach a log line, an exception message or a metric by
 * accident.
 */
public final class ApiToken {

  private final String secret;

  private ApiToken(String secret) {
    this.secret = secret;
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
   * {@code text} with the token replaced wherever it appears, as sent or URL-encoded (as a vendor
   * echoing a request may write it): for text Truto wrote, see {@link CredentialScrubber}.
   */
  String replaceIn(String text, String replacement) {
    String encoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
    return text.replace(secret, replacement).replace(encoded, replacement);
  }

  /** Whether {@code text} contains the token: for tests and last-line checks before logging. */
  public boolean appearsIn(String text) {
    return text != null && text.contains(secret);
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
