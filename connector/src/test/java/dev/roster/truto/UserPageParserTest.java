package dev.roster.truto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UserPageParserTest {

  /** The bounds of a page under the default settings: 1,000 entries, 64 MiB of trees. */
  static final PageBounds DEFAULT_BOUNDS =
      PageBounds.of(
          TrutoClientSettings.DEFAULT_PAGE_SIZE, TrutoClientSettings.DEFAULT_MAX_RESPONSE_BYTES);

  private final UserPageParser parser = new UserPageParser(DEFAULT_BOUNDS);
  private final List<JsonNode> users = new ArrayList<>();

  private TrutoUserPage parse(String json) throws Exception {
    return parser.parse(body(json), users::add);
  }

  static InputStream body(String json) {
    return new ByteArrayInputStream(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
  }

  /** {@code {"result": [items]}} of raw JSON, as bytes. */
  private static InputStream page(String items) {
    return new ByteArrayInputStream(
        ("{\"result\": [" + items + "], \"next_cursor\": \"c\"}").getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aPageOfMoreEntriesThanItsBoundIsRefusedWhenTheBoundIsPassed() {
    // The 12 MB page of {}: six million entries, of which no more than the bound are built.
    String twelveMegabytesOfObjects = "{},".repeat(4_000_000) + "{}";
    assertThatThrownBy(() -> parser.parse(page(twelveMegabytesOfObjects), users::add))
        .isInstanceOfSatisfying(
            PageTooLargeException.class,
            e -> assertThat(e.itemsDelivered()).isEqualTo(DEFAULT_BOUNDS.maxEntries()))
        .hasMessageContaining("page too large: more than 1000 entries");
    assertThat(users).hasSize((int) DEFAULT_BOUNDS.maxEntries());
  }

  @Test
  void aPageOfExactlyItsBoundIsRead() throws Exception {
    UserPageParser three = new UserPageParser(new PageBounds(3, 1 << 20));
    assertThat(three.parse(page("{}, {}, {}"), users::add).itemsDelivered()).isEqualTo(3);
    assertThatThrownBy(() -> three.parse(page("{}, {}, {}, {}"), users::add))
        .isInstanceOf(PageTooLargeException.class);
  }

  @Test
  void oneUserWhoseTreeWouldPassTheHeapBudgetFailsThePageWhileItIsBuilt() {
    // The user with 16 MiB of [] in remote_data: 279 MiB of nodes unbounded.
    String arrays = "[],".repeat((16 << 20) / 3) + "[]";
    String user = "{\"id\": \"u1\", \"remote_data\": {\"x\": [" + arrays + "]}}";
    assertThatThrownBy(() -> parser.parse(page(user), users::add))
        .isInstanceOf(PageTooLargeException.class)
        .hasMessageContaining("page too large: its JSON trees would take more than 67108864 bytes");
    assertThat(users).as("the user was never handed on").isEmpty();
  }

  @Test
  void theHeapBudgetCountsEveryEntryOfThePage() {
    UserPageParser small = new UserPageParser(new PageBounds(1_000, 10_000));
    String entry = "{\"id\": \"" + "x".repeat(1_000) + "\"}";
    assertThatThrownBy(
            () ->
                small.parse(
                    page(entry + "," + entry + "," + entry + "," + entry + "," + entry),
                    users::add))
        .isInstanceOfSatisfying(
            PageTooLargeException.class, e -> assertThat(e.itemsDelivered()).isEqualTo(4));
  }

  @Test
  void nestingDeeperThanJacksonsLimitIsRefused() {
    int depth = BoundedJson.MAX_NESTING_DEPTH + 1;
    String deep = "[".repeat(depth) + "]".repeat(depth);
    assertThatThrownBy(
            () -> parser.parse(page("{\"id\": \"u1\", \"x\": " + deep + "}"), users::add))
        .isInstanceOf(PageTooLargeException.class)
        .hasMessageContaining("page beyond a parsing limit")
        .hasMessageContaining("nesting depth");
  }

  @Test
  void aStringLongerThanJacksonsLimitIsRefused() {
    String huge = "x".repeat(BoundedJson.MAX_STRING_CHARS + 1);
    assertThatThrownBy(() -> parser.parse(body("{'result': [{'id': '" + huge + "'}]}"), users::add))
        .isInstanceOf(PageTooLargeException.class)
        .hasMessageContaining("String value length");
  }

  @Test
  void moreTokensThanJacksonsLimitAreRefusedEvenWhereTheyWouldBeSkipped() {
    String zeros = "0,".repeat((int) BoundedJson.MAX_TOKENS) + "0";
    assertThatThrownBy(
            () -> parser.parse(body("{'unknown': [" + zeros + "], 'result': []}"), users::add))
        .isInstanceOf(PageTooLargeException.class)
        .hasMessageContaining("Token count");
  }

  @Test
  void readsItemsInOrderAndThePageFacts() throws Exception {
    TrutoUserPage page =
        parse(
            "{'result': [{'id': 'u1'}, {'id': 'u2'}], 'next_cursor': 'c2', 'prev_cursor': null, "
                + "'result_count': 2, 'is_partial_response': true}");
    assertThat(users).containsExactly(Json.parse("{'id': 'u1'}"), Json.parse("{'id': 'u2'}"));
    assertThat(page).isEqualTo(new TrutoUserPage("c2", 2L, true, 2));
  }

  @Test
  void theCursorMayComeBeforeTheResult() throws Exception {
    TrutoUserPage page = parse("{'next_cursor': 'c2', 'result': [{'id': 'u1'}]}");
    assertThat(page.nextCursor()).isEqualTo("c2");
    assertThat(users).hasSize(1);
  }

  @Test
  void absentFactsHaveTheirDefaults() throws Exception {
    assertThat(parse("{'result': []}")).isEqualTo(new TrutoUserPage(null, null, false, 0));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "'next_cursor': null | ",
        "'next_cursor': ''   | ''",
        "'next_cursor': 'abc'| abc",
        "'next_cursor': 42   | 42",
      })
  void cursorsAreKeptAsSent(String field, String expected) throws Exception {
    assertThat(parse("{'result': [], " + field + "}").nextCursor()).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"true", "'true'"})
  void partialResponseAcceptsTrueAndItsString(String value) throws Exception {
    assertThat(parse("{'result': [], 'is_partial_response': " + value + "}").partialResponse())
        .isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"false", "'false'", "null"})
  void partialResponseIsFalseOtherwise(String value) throws Exception {
    assertThat(parse("{'result': [], 'is_partial_response': " + value + "}").partialResponse())
        .isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {"'7' | 7", "'x' | ", "1.5 | ", "true | ", "null | ", "99999999999999999999999 | "})
  void resultCountIsOnlyInformative(String value, Long expected) throws Exception {
    assertThat(parse("{'result': [], 'result_count': " + value + "}").resultCount())
        .isEqualTo(expected);
  }

  @Test
  void unknownKeysOfAnyShapeAreSkipped() throws Exception {
    TrutoUserPage page =
        parse(
            "{'debug': {'isLooping': false, 'deep': [[[{}]]]}, 'result': [{'id': 'u1'}], "
                + "'extra': [1, 2, {'result': 'not me'}], 'next_cursor': 'c'}");
    assertThat(users).hasSize(1);
    assertThat(page.nextCursor()).isEqualTo("c");
  }

  @Test
  void itemsOfAnyShapeAreHandedOnForTheMapperToJudge() throws Exception {
    parse("{'result': [null, 'x', 3, [], {'id': 1}]}");
    assertThat(users)
        .extracting(JsonNode::toString)
        .containsExactly("null", "\"x\"", "3", "[]", "{\"id\":1}");
  }

  @Test
  void theBodyIsNotClosed() throws Exception {
    boolean[] closed = {false};
    InputStream body =
        new ByteArrayInputStream("{\"result\":[]}".getBytes(StandardCharsets.UTF_8)) {
          @Override
          public void close() {
            closed[0] = true;
          }
        };
    parser.parse(body, users::add);
    assertThat(closed[0]).isFalse();
  }

  @Test
  void aConsumerExceptionIsNotDisguisedAsAnInvalidResponse() {
    assertThatThrownBy(
            () ->
                parser.parse(
                    body("{'result': [{}]}"),
                    user -> {
                      throw new IllegalStateException("consumer broke");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("consumer broke");
  }

  @Test
  void aFailingStreamIsAnIoErrorNotAnInvalidResponse() {
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("connection reset");
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            throw new IOException("connection reset");
          }
        };
    assertThatThrownBy(() -> parser.parse(broken, users::add))
        .isInstanceOf(IOException.class)
        .hasMessage("connection reset");
  }

  @Test
  void aTruncatedBodyFailsAfterDeliveringWhatCameBefore() {
    String json = "{\"result\": [{\"id\": \"u1\"}, {\"id\": \"u2\"}, {\"id\": \"u3";
    assertThatThrownBy(() -> parser.parse(body(json), users::add))
        .isInstanceOfSatisfying(
            InvalidResponseException.class,
            e -> {
              assertThat(e.itemsDelivered()).isEqualTo(2);
              assertThat(e.byteOffset()).isEqualTo(json.length());
              assertThat(e.getMessage())
                  .startsWith("malformed JSON: Unexpected end-of-input")
                  .contains("at byte " + json.length())
                  .endsWith("(after 2 items)");
            });
    assertThat(users).hasSize(2);
  }

  @Test
  void jsonBeyondJacksonsLimitsIsAnInvalidResponseNotAnIoError() {
    String deep = "{\"result\": [{\"id\": \"u1\"}, " + "[".repeat(5000) + "]".repeat(5000) + "]}";
    assertThatThrownBy(() -> parser.parse(body(deep), users::add))
        .isInstanceOfSatisfying(
            InvalidResponseException.class,
            e -> {
              assertThat(e.itemsDelivered()).isEqualTo(1);
              assertThat(e.getMessage())
                  .startsWith("page beyond a parsing limit: Document nesting depth");
            });
  }

  @Test
  void malformedJsonSaysWhere() {
    String json = "{\"result\": [{\"id\": \"u1\"} {\"id\": \"u2\"}]}";
    assertThatThrownBy(() -> parser.parse(body(json), users::add))
        .isInstanceOfSatisfying(
            InvalidResponseException.class,
            e -> {
              assertThat(e.byteOffset()).isEqualTo(json.indexOf("} {") + 2);
              assertThat(e.itemsDelivered()).isEqualTo(1);
              assertThat(e.getMessage()).startsWith("malformed JSON: Unexpected character ('{'");
            });
  }

  @Test
  void offsetsCountBytesNotChars() {
    String json = "{\"junk\": \"ééé\", \"result\": 5}";
    assertThatThrownBy(() -> parser.parse(body(json), users::add))
        .isInstanceOfSatisfying(
            InvalidResponseException.class,
            e -> assertThat(e.byteOffset()).isEqualTo(json.indexOf('5') + 3));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\n", " \r\n\t"})
  void anEmptyBodyIsInvalid(String json) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(InvalidResponseException.class)
        .hasMessageStartingWith("empty body at byte " + json.length());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "[]                                         | the body is an array, not a JSON object at byte 0",
        "null                                       | the body is null, not a JSON object at byte 0",
        "{}                                         | no `result` array at byte 1",
        "{'results': []}                            | no `result` array",
        "{'result': null}                           | `result` is null, not an array at byte 11",
        "{'result': {'id': 'u1'}}                   | `result` is an object, not an array at byte 11",
        "{'result': 'u1'}                           | `result` is a string, not an array",
        "{'result': [], 'result': []}               | both `result` and `result` hold results",
        "{'result': [], 'next_cursor': {'a': 1}}    | `next_cursor` is an object, not a scalar",
        "{'result': [], 'next_cursor': true}        | `next_cursor` is a boolean, not a string or null at byte 30",
        "{'result': [], 'next_cursor': 'a', 'next_cursor': 'b'} | `next_cursor` appears twice",
        "{'result': [], 'is_partial_response': 1}   | `is_partial_response` is a number, not a boolean",
        "{'result': [], 'is_partial_response': 'yes'} | `is_partial_response` is a string, not a boolean",
        "{'result': []} {}                          | content after the JSON object at byte 15",
        "{'result': []} x                           | malformed JSON: Unrecognized token 'x'",
        "{'result': [}                              | malformed JSON: Unexpected close marker '}'",
        "{'result': [] 'next_cursor': null}         | malformed JSON: Unexpected character",
      })
  void invalidBodiesAreRejectedWithAReason(String json, String expectedMessageStart) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(InvalidResponseException.class)
        .hasMessageStartingWith(expectedMessageStart);
  }
}
