package dev.roster.truto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** jqwik generators of arbitrary JSON trees, biased towards what breaks lenient readers. */
final class JsonArbitraries {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /**
   * Every field name of Truto's unified user, nested names included, so generated keys hit real
   * fields.
   */
  static final List<String> USER_FIELD_NAMES =
      List.of(
          "id",
          "external_id",
          "first_name",
          "last_name",
          "name",
          "username",
          "title",
          "user_type",
          "emails",
          "email",
          "type",
          "is_primary",
          "phones",
          "number",
          "extension",
          "status",
          "is_email_verified",
          "is_2fa_enabled",
          "roles",
          "group",
          "organization",
          "workspace",
          "organizations",
          "licenses",
          "last_active_at",
          "groups",
          "workspaces",
          "avatar",
          "timezone",
          "languages",
          "bio",
          "created_at",
          "updated_at",
          "last_login_at",
          "status_changed_at",
          "activated_at",
          "remote_data");

  private JsonArbitraries() {}

  static Arbitrary<JsonNode> scalars() {
    return Arbitraries.oneOf(
        Arbitraries.just(JSON.nullNode()),
        Arbitraries.of(true, false).map(JSON::booleanNode),
        Arbitraries.strings().ofMaxLength(40).map(JSON::textNode),
        Arbitraries.strings().all().ofMaxLength(40).map(JSON::textNode),
        Arbitraries.of(
                "",
                " ",
                "true",
                "FALSE",
                "active",
                "Suspended",
                "2021-08-10T10:00:00Z",
                "2024-09-01 10:00:00",
                "2021-08-10",
                "1628589600",
                "1628589600123",
                "-1",
                "1e400",
                "\uD800",
                "\uDE00x",
                "😀",
                "\u0000")
            .map(JSON::textNode),
        Arbitraries.longs().map(JSON::numberNode),
        Arbitraries.doubles().map(JSON::numberNode),
        Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, -0.0d, Double.MAX_VALUE)
            .map(JSON::numberNode),
        Arbitraries.bigIntegers()
            .between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30))
            .map(JSON::numberNode),
        Arbitraries.bigDecimals().map(JSON::numberNode),
        Arbitraries.just(JSON.numberNode(new BigDecimal("1E+400"))));
  }

  /**
   * Strings over the default 64 KiB cap, built by repetition because generating them char by char
   * is slow.
   */
  static Arbitrary<JsonNode> hugeStrings() {
    Arbitrary<String> unit = Arbitraries.of("x", "é", "😀", "\uD800", "2021-08-10 ", "\"");
    return net.jqwik.api.Combinators.combine(unit, Arbitraries.integers().between(70_000, 140_000))
        .as((text, length) -> JSON.textNode(text.repeat(length / text.length())));
  }

  /** Any JSON value, nested up to {@code depth} levels. */
  static Arbitrary<JsonNode> values(int depth) {
    if (depth == 0) {
      return scalars();
    }
    Arbitrary<JsonNode> inner = Arbitraries.lazy(() -> values(depth - 1));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, scalars()),
        net.jqwik.api.Tuple.of(2, arrays(inner)),
        net.jqwik.api.Tuple.of(2, objects(inner)),
        net.jqwik.api.Tuple.of(1, hugeStrings()));
  }

  static Arbitrary<JsonNode> arrays(Arbitrary<JsonNode> elements) {
    return elements
        .list()
        .ofMaxSize(4)
        .map(
            list -> {
              ArrayNode array = JSON.arrayNode();
              list.forEach(array::add);
              return array;
            });
  }

  static Arbitrary<JsonNode> objects(Arbitrary<JsonNode> values) {
    Arbitrary<String> keys =
        Arbitraries.oneOf(Arbitraries.of(USER_FIELD_NAMES), Arbitraries.strings().ofMaxLength(8));
    return Arbitraries.maps(keys, values).ofMaxSize(5).map(JsonArbitraries::object);
  }

  static ObjectNode object(Map<String, JsonNode> fields) {
    ObjectNode object = JSON.objectNode();
    fields.forEach(object::set);
    return object;
  }

  /** A user object whose every known field holds an arbitrary value, the given id aside. */
  static Arbitrary<ObjectNode> usersWithAnyFields(Arbitrary<JsonNode> ids) {
    Arbitrary<Map<String, JsonNode>> fields =
        Arbitraries.maps(Arbitraries.of(USER_FIELD_NAMES), values(2))
            .ofMaxSize(USER_FIELD_NAMES.size());
    return net.jqwik.api.Combinators.combine(fields, ids)
        .as(
            (map, id) -> {
              ObjectNode user = object(map);
              user.set("id", id);
              return user;
            });
  }

  /** Ids the mapper must accept: non-blank strings within the default cap, and numbers. */
  static Arbitrary<JsonNode> validIds() {
    return Arbitraries.oneOf(
        Arbitraries.strings()
            .ofMinLength(1)
            .ofMaxLength(60)
            .filter(s -> !s.isBlank())
            .map(JSON::textNode),
        Arbitraries.longs().map(JSON::numberNode),
        Arbitraries.bigIntegers()
            .between(BigInteger.TEN.pow(25).negate(), BigInteger.TEN.pow(25))
            .map(JSON::numberNode));
  }
}
