package dev.roster.truto;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.NumericNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.node.ValueNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Builds JSON trees while counting the heap they take, and refuses to build past a budget: Jackson
 * creates every node through this factory, so a body that expands out of proportion (16 MiB of
 * {@code [[],[],…]} in one user's remote_data is 279 MiB of nodes) is stopped while it grows, not
 * after. The count is an estimate on the high side for the 64-bit JVM with compressed pointers: a
 * container {@value #CONTAINER_BYTES} bytes (an ObjectNode and its empty LinkedHashMap), a scalar
 * {@value #SCALAR_BYTES}, each node {@value #SLOT_BYTES} more for its place in its parent (a map
 * entry), text 2 bytes a char. Field names, booleans and nulls (shared instances) are not counted:
 * they cost at most twice the body, which the body cap bounds. One budget per body; not
 * thread-safe.
 */
final class TreeBudget extends JsonNodeFactory {

  private static final long serialVersionUID = 1L;

  static final int CONTAINER_BYTES = 80;
  static final int SCALAR_BYTES = 16;
  static final int SLOT_BYTES = 32;

  /** Thrown from inside Jackson's tree building when the budget is spent. */
  static final class Exceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Exceeded(String message) {
      super(message, null, false, false);
    }
  }

  private final long maxBytes;
  private final transient ObjectReader reader;
  private long spent;

  TreeBudget(long maxBytes) {
    super(false);
    this.maxBytes = maxBytes;
    this.reader = BoundedJson.MAPPER.reader().with(this);
  }

  /**
   * The value at the parser's current token, as a tree (a JSON null for none).
   *
   * @throws Exceeded the trees built so far with this budget would pass it
   */
  JsonNode readTree(JsonParser parser) throws IOException {
    JsonNode tree = reader.readTree(parser);
    return tree == null ? NullNode.getInstance() : tree;
  }

  /**
   * A whole body as one tree, as {@link ObjectReader#readTree(byte[])} reads it (a missing node for
   * an empty body).
   *
   * @throws Exceeded the tree would pass the budget
   */
  JsonNode readTree(byte[] body) throws IOException {
    JsonNode tree = reader.readTree(body);
    return tree == null ? MissingNode.getInstance() : tree; // no content: as ObjectMapper reads it
  }

  /** The estimated bytes of every tree built with this budget so far. */
  long spent() {
    return spent;
  }

  long maxBytes() {
    return maxBytes;
  }

  private void spend(long bytes) {
    spent += bytes + SLOT_BYTES;
    if (spent > maxBytes) {
      throw new Exceeded(
          "its JSON trees would take more than "
              + maxBytes
              + " bytes of heap (estimated), "
              + PageBounds.TREE_BYTES_PER_BODY_BYTE
              + " times "
              + TrutoClientSettings.MAX_RESPONSE_BYTES_KEY);
    }
  }

  @Override
  public ObjectNode objectNode() {
    spend(CONTAINER_BYTES);
    return super.objectNode();
  }

  @Override
  public ArrayNode arrayNode() {
    spend(CONTAINER_BYTES);
    return super.arrayNode();
  }

  @Override
  public ArrayNode arrayNode(int capacity) {
    spend(CONTAINER_BYTES + 4L * capacity);
    return super.arrayNode(capacity);
  }

  @Override
  public TextNode textNode(String text) {
    spend(SCALAR_BYTES + (text == null ? 0 : 2L * text.length()));
    return super.textNode(text);
  }

  @Override
  public NumericNode numberNode(int value) {
    spend(SCALAR_BYTES);
    return super.numberNode(value);
  }

  @Override
  public NumericNode numberNode(long value) {
    spend(SCALAR_BYTES);
    return super.numberNode(value);
  }

  @Override
  public ValueNode numberNode(BigInteger value) {
    spend(SCALAR_BYTES + (value == null ? 0 : value.bitLength() / 8));
    return super.numberNode(value);
  }

  @Override
  public NumericNode numberNode(double value) {
    spend(SCALAR_BYTES);
    return super.numberNode(value);
  }

  @Override
  public NumericNode numberNode(float value) {
    spend(SCALAR_BYTES);
    return super.numberNode(value);
  }

  @Override
  public ValueNode numberNode(BigDecimal value) {
    spend(SCALAR_BYTES + (value == null ? 0 : value.unscaledValue().bitLength() / 8));
    return super.numberNode(value);
  }
}
