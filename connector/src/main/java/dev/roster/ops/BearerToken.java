package dev.roster.ops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The secret a client must send as {@code Authorization: Bearer <token>} to read the status page
 * ({@code ops.auth-token}) or the metrics ({@code ops.metrics-token}). Kept as a SHA-256 digest and
 * compared in constant time, so neither the token's bytes nor its length leak through timing;
 * {@link #toString()} never shows it.
 */
public final class BearerToken {

  private static final String SCHEME = "Bearer ";

  private final byte[] digest;

  private BearerToken(String token) {
    this.digest = sha256(token);
  }

  /**
   * @throws IllegalArgumentException if the token is blank
   */
  public static BearerToken of(String token) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("The ops token is blank");
    }
    return new BearerToken(token);
  }

  /**
   * Whether an {@code Authorization} header carries this token (the scheme case-insensitive, RFC
   * 6750).
   */
  boolean admits(Optional<String> authorization) {
    String presented =
        authorization
            .filter(header -> header.regionMatches(true, 0, SCHEME, 0, SCHEME.length()))
            .map(header -> header.substring(SCHEME.length()).strip())
            .orElse("");
    return MessageDigest.isEqual(digest, sha256(presented)); // never blank, so "" never matches
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JRE has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "[hidden]";
  }
}
