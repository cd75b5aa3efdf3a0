package dev.roster.truto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class UserPageParserProperties {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  /** A page as text, with what it should parse to. */
  record Page(String json, List<String> itemTexts, String cursor, boolean partial) {}

  @Provide
  Arbitrary<Page> pages() {
    Arbitrary<String> itemText =
        JsonArbitraries.values(2)
            .filter(
                node -> !node.toString().contains("NaN") && !node.toString().contains("Infinity"))
            .map(JsonNode::toString);
    Arbitrary<String> cursor =
        Arbitraries.oneOf(
            Arbitraries.just(null), Arbitraries.just(""), Arbitraries.strings().ofMaxLength(20));
    Arbitrary<List<String>> junk =
        JsonArbitraries.values(2)
            .filter(
                node -> !node.toString().contains("NaN") && !node.toString().contains("Infinity"))
            .map(JsonNode::toString)
            .list()
            .ofMaxSize(3);
    return Combinators.combine(
            itemText.list().ofMaxSize(6),
            cursor,
            Arbitraries.of(true, false),
            junk,
            Arbitraries.longs())
        .as(
            (items, next, partial, junkValues, seed) -> {
              List<String> fields = new ArrayList<>();
              fields.add("\"result\":[" + String.join(",", items) + "]");
              fields.add("\"next_cursor\":" + (next == null ? "null" : quote(next)));
              fields.add("\"is_partial_response\":" + partial);
              fields.add("\"result_count\":" + items.size());
              for (int i = 0; i < junkValues.size(); i++) {
                fields.add("\"junk" + i + "\":" + junkValues.get(i));
              }
              Collections.shuffle(fields, new Random(seed));
              return new Page("{" + String.join(",", fields) + "}", items, next, partial);
            });
  }

  private static String quote(String text) {
    return MAPPER.getNodeFactory().textNode(text).toString();
  }

  @Property(tries = 300)
  void keyOrderAndUnknownKeysDoNotChangeWhatIsRead(@ForAll("pages") Page page) throws Exception {
    List<JsonNode> items = new ArrayList<>();
    TrutoUserPage parsed =
        new UserPageParser(UserPageParserTest.DEFAULT_BOUNDS)
            .parse(stream(page.json()), items::add);
    List<JsonNode> expected = new ArrayList<>();
    for (String text : page.itemTexts()) {
      expected.add(
          MAPPER.readTree(
              text.getBytes(
                  StandardCharsets
                      .UTF_8))); // the same bytes the parser reads (lone surrogates become "?")
    }
    assertThat(items).isEqualTo(expected);
    assertThat(parsed)
        .isEqualTo(
            new TrutoUserPage(
                page.cursor(), (long) expected.size(), page.partial(), expected.size()));
  }

  @Property(tries = 300)
  void everyTruncationIsInvalidNeverAPage(@ForAll("pages") Page page, @ForAll Random random) {
    byte[] bytes = page.json().getBytes(StandardCharsets.UTF_8);
    int cut = random.nextInt(bytes.length);
    List<JsonNode> items = new ArrayList<>();
    assertThatThrownBy(
            () ->
                new UserPageParser(UserPageParserTest.DEFAULT_BOUNDS)
                    .parse(new ByteArrayInputStream(bytes, 0, cut), items::add))
        .isInstanceOfSatisfying(
            InvalidResponseException.class,
            e ->
                assertThat(e.itemsDelivered())
                    .isEqualTo(items.size())
                    .isLessThanOrEqualTo(page.itemTexts().size()));
  }

  private static ByteArrayInputStream stream(String json) {
    return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
  }
}
