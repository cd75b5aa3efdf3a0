package dev.roster.sim;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * An opaque pagination cursor: which list it belongs to ({@code scope}, e.g. the account id), the
 * position the next page starts at, and the number of that page. The page number lets "fail page k
 * of every poll" find page k, and makes the cursor after an empty page differ from the one before
 * it, so only a deliberate {@link SimFaults#cursorLoop()} repeats a cursor.
 */
record SimCursor(String scope, long position, int page) {

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  /** Where every list starts: no cursor was sent. */
  static SimCursor first(String scope) {
    return new SimCursor(scope, 0, 1);
  }

  SimCursor next(long nextPosition) {
    return new SimCursor(scope, nextPosition, page + 1);
  }

  String encode() {
    return ENCODER.encodeToString(
        (page + ":" + position + ":" + scope).getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor {@code text} encodes, if it is one of ours for {@code scope}. */
  static Optional<SimCursor> decode(String text, String scope) {
    try {
      String[] parts =
          new String(DECODER.decode(SimEcho.cursor(text)), StandardCharsets.UTF_8).split(":", 3);
      if (parts.length != 3 || !parts[2].equals(scope)) {
        return Optional.empty();
      }
      int page = Integer.parseInt(parts[0]);
      long position = Long.parseLong(parts[1]);
      return page < 1 || position < 0
          ? Optional.empty()
          : Optional.of(new SimCursor(scope, position, page));
    } catch (IllegalArgumentException e) { // bad base64 or numbers
      return Optional.empty();
    }
  }
}
