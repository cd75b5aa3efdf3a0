package dev.roster.truto;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Parses one page of {@code GET /unified/user-directory/users}: streams each {@code result} item to
 * a consumer and returns what the page says about itself. Thread-safe.
 */
public final class UserPageParser {

  private static final String NEXT_CURSOR = "next_cursor";
  private static final String RESULT_COUNT = "result_count";
  private static final String PARTIAL = "is_partial_response";

  private final ListEnvelopeParser envelope;

  /**
   * @param bounds how many users, and how much heap for their trees, one page may take
   */
  public UserPageParser(PageBounds bounds) {
    this.envelope =
        new ListEnvelopeParser(
            Set.of("result"), Set.of(NEXT_CURSOR, RESULT_COUNT, PARTIAL), bounds);
  }

  /**
   * @param body the response body; not closed
   * @param onUser receives each {@code result} item (any JSON value; the mapper judges it) in order
   * @throws InvalidResponseException malformed or truncated JSON, no {@code result} array, or a
   *     {@code next_cursor} / {@code is_partial_response} of the wrong type, or a page beyond its
   *     bounds ({@link PageTooLargeException}); users already handed on belong to a failed poll
   * @throws IOException reading the body failed
   */
  public TrutoUserPage parse(InputStream body, Consumer<JsonNode> onUser)
      throws InvalidResponseException, IOException {
    ListEnvelopeParser.Envelope page = envelope.parse(body, onUser);
    return new TrutoUserPage(
        EnvelopeScalars.cursor(page, NEXT_CURSOR),
        EnvelopeScalars.count(page, RESULT_COUNT),
        EnvelopeScalars.flag(page, PARTIAL),
        page.itemCount());
  }
}
