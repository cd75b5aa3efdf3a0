package dev.roster.config;

import dev.roster.topics.KafkaClientSecrets;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** How secrets are kept out of what the configuration prints: its toString() and its problems. */
final class Secrets {

  static final String HIDDEN = KafkaClientSecrets.HIDDEN;

  /** Which characters a secret may hold, by where it goes. */
  enum Charset {
    /**
     * A Bearer token sent in an HTTP header ({@code truto.api-token}, {@code ops.auth-token}):
     * visible ASCII only, as a header and RFC 6750 allow.
     */
    HEADER_TOKEN,
    /** One line of text ({@code user:secret}): no control or invisible format characters. */
    LINE,
    /**
     * A Kafka client secret, which may span lines (a JAAS configuration, a PEM key): line breaks
     * and tabs are whitespace there, other control and format characters are not.
     */
    MULTI_LINE
  }

  private Secrets() {}

  /**
   * Why {@code value} cannot be a secret of that charset, in words that never quote it; empty when
   * it can. A line break inside a token file, a NUL, a byte-order mark from an editor are never
   * part of a real secret, and one in a header value makes the JDK's HTTP client throw an error
   * that quotes the whole header, secret and all, into logs and command output.
   */
  static Optional<String> flaw(String value, Charset charset) {
    // As used: a blank value is unset, and a space around a token is as wrong as one inside it.
    String secret = value.isBlank() ? "" : value;
    for (int i = 0; i < secret.length(); i++) {
      char c = secret.charAt(i);
      if (!allowed(c, charset)) {
        return Optional.of(
            "holds "
                + describe(c)
                + " at character "
                + (i + 1)
                + " of "
                + secret.length()
                + (charset == Charset.HEADER_TOKEN
                    ? "; a token is one line of visible ASCII characters"
                    : "; a secret holds no control or invisible characters")
                + " (check the file or variable it came from)");
      }
    }
    return Optional.empty();
  }

  private static boolean allowed(char c, Charset charset) {
    if (charset == Charset.HEADER_TOKEN) {
      return c > ' ' && c < 0x7f;
    }
    if (Character.getType(c) == Character.FORMAT || c == '\u2028' || c == '\u2029') {
      return false;
    }
    return !Character.isISOControl(c)
        || charset == Charset.MULTI_LINE && (c == '\n' || c == '\r' || c == '\t');
  }

  private static String describe(char c) {
    String code = String.format("U+%04X", (int) c);
    return switch (c) {
      case '\n' -> "a line break (" + code + ")";
      case '\r' -> "a carriage return (" + code + ")";
      case '\t' -> "a tab (" + code + ")";
      case ' ' -> "a space";
      case '\ufeff' -> "a byte-order mark (" + code + ")";
      default ->
          Character.isISOControl(c)
              ? "a control character (" + code + ")"
              : Character.getType(c) == Character.FORMAT
                  ? "an invisible format character (" + code + ")"
                  : "a character outside visible ASCII (" + code + ")";
    };
  }

  /**
   * {@code text}, a URL or a comma-separated list of URLs or host:port pairs, with anything that
   * could be credentials ({@code user:password@}) hidden: for showing a value that was refused for
   * carrying them.
   */
  static String withoutUserInfo(String text) {
    return Arrays.stream(text.split(",", -1))
        .map(Secrets::entryWithoutUserInfo)
        .collect(Collectors.joining(","));
  }

  private static String entryWithoutUserInfo(String entry) {
    int at = entry.lastIndexOf('@');
    if (at < 0) {
      return entry;
    }
    int scheme = entry.indexOf("://");
    int start = scheme >= 0 && scheme < at ? scheme + 3 : 0;
    return entry.substring(0, start) + HIDDEN + entry.substring(at);
  }
}
