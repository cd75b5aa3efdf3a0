package dev.roster.truto;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Streams the envelope Truto wraps around list results, {@code {"result": [...], "next_cursor":
 * ..., ...}}: items are read one at a time as trees and handed on. The page may hold at most {@link
 * PageBounds#maxEntries()} items, and the trees built from it at most {@link
 * PageBounds#maxTreeBytes()} (a {@link TreeBudget}), whatever they expand to; Jackson's own limits
 * are set ({@link BoundedJson}). Keys may come in any order; unknown keys are skipped without being
 * built.
 */
final class ListEnvelopeParser {

  /**
   * A scalar of the envelope and where it started, so a wrong one can be reported with its place.
   */
  record Located(JsonNode value, long byteOffset) {}

  /** What the envelope held besides the items. */
  record Envelope(Map<String, Located> scalars, long itemCount) {
    JsonNode scalar(String key) {
      Located located = scalars.get(key);
      return located == null ? NullNode.getInstance() : located.value();
    }
  }

  private final Set<String> itemKeys;
  private final Set<String> scalarKeys;
  private final PageBounds bounds;

  /**
   * @param itemKeys the key(s) the item array may come under; at most one of them may appear
   * @param scalarKeys keys whose scalar values the caller wants; an object or array there is
   *     invalid
   * @param bounds how many items, and how much heap for their trees, one body may take
   */
  ListEnvelopeParser(Set<String> itemKeys, Set<String> scalarKeys, PageBounds bounds) {
    this.itemKeys = Set.copyOf(itemKeys);
    this.scalarKeys = Set.copyOf(scalarKeys);
    this.bounds = bounds;
  }

  /**
   * Reads one body, handing each item to {@code onItem} as soon as it is read.
   *
   * @throws InvalidResponseException the body is not a JSON object with exactly one item array
   * @throws PageTooLargeException the body passes its bounds or one of Jackson's limits
   * @throws IOException reading the stream failed (the connection, not the content)
   */
  Envelope parse(InputStream body, Consumer<JsonNode> onItem)
      throws InvalidResponseException, IOException {
    Reading reading = new Reading(new TreeBudget(bounds.maxTreeBytes()));
    try (JsonParser parser = BoundedJson.MAPPER.createParser(body)) {
      return reading.read(parser, onItem);
    } catch (TreeBudget.Exceeded expanded) {
      throw new PageTooLargeException(
          "page too large: " + expanded.getMessage(), -1, reading.items);
    } catch (StreamConstraintsException beyondLimits) {
      throw new PageTooLargeException(
          "page beyond a parsing limit: " + beyondLimits.getOriginalMessage(),
          byteOffset(beyondLimits.getLocation()),
          reading.items);
    } catch (JsonProcessingException malformed) {
      // Jackson's own problems with the content; a failing stream is a plain IOException and
      // passes through.
      throw new InvalidResponseException(
          "malformed JSON: " + malformed.getOriginalMessage(),
          byteOffset(malformed.getLocation()),
          reading.items,
          malformed);
    }
  }

  /** The state of one parse, so errors can say how many items were already handed on. */
  private final class Reading {

    private final TreeBudget budget;
    private long items;

    Reading(TreeBudget budget) {
      this.budget = budget;
    }

    Envelope read(JsonParser parser, Consumer<JsonNode> onItem)
        throws InvalidResponseException, IOException {
      JsonToken first = parser.nextToken();
      if (first == null) {
        // At the end of input there is no token, so the place is where reading stopped.
        throw new InvalidResponseException(
            "empty body", byteOffset(parser.currentLocation()), 0, null);
      }
      if (first != JsonToken.START_OBJECT) {
        throw invalid("the body is " + describe(first) + ", not a JSON object", parser);
      }
      Map<String, Located> scalars = new HashMap<>();
      String itemKeySeen = null;
      for (JsonToken token = parser.nextToken();
          token != JsonToken.END_OBJECT;
          token = parser.nextToken()) {
        String key = parser.currentName();
        JsonToken value = parser.nextToken();
        if (itemKeys.contains(key)) {
          if (itemKeySeen != null) {
            throw invalid("both `" + itemKeySeen + "` and `" + key + "` hold results", parser);
          }
          itemKeySeen = key;
          readItems(parser, key, value, onItem);
        } else if (scalarKeys.contains(key)) {
          readScalar(parser, key, value, scalars);
        } else {
          parser.skipChildren();
        }
      }
      if (itemKeySeen == null) {
        throw invalid(
            "no `" + String.join("` or `", itemKeys.stream().sorted().toList()) + "` array",
            parser);
      }
      JsonToken trailing = parser.nextToken();
      if (trailing != null) {
        throw invalid("content after the JSON object", parser);
      }
      return new Envelope(Map.copyOf(scalars), items);
    }

    private void readItems(
        JsonParser parser, String key, JsonToken value, Consumer<JsonNode> onItem)
        throws InvalidResponseException, IOException {
      if (value != JsonToken.START_ARRAY) {
        throw invalid("`" + key + "` is " + describe(value) + ", not an array", parser);
      }
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        if (items == bounds.maxEntries()) {
          throw new PageTooLargeException(
              "page too large: more than "
                  + bounds.maxEntries()
                  + " entries (the most one page may hold)",
              byteOffset(parser.currentTokenLocation()),
              items);
        }
        onItem.accept(budget.readTree(parser));
        items++;
      }
    }

    private void readScalar(
        JsonParser parser, String key, JsonToken value, Map<String, Located> scalars)
        throws InvalidResponseException, IOException {
      if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
        throw invalid("`" + key + "` is " + describe(value) + ", not a scalar", parser);
      }
      long offset = byteOffset(parser.currentTokenLocation());
      if (scalars.put(key, new Located(budget.readTree(parser), offset)) != null) {
        throw invalid("`" + key + "` appears twice", parser);
      }
    }

    private InvalidResponseException invalid(String problem, JsonParser parser) {
      return new InvalidResponseException(
          problem, byteOffset(parser.currentTokenLocation()), items, null);
    }
  }

  private static long byteOffset(JsonLocation location) {
    return location == null ? -1 : location.getByteOffset();
  }

  private static String describe(JsonToken token) {
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.name();
    };
  }
}
