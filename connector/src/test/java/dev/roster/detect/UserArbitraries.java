package dev.roster.detect;

import dev.roster.avro.License;
import dev.roster.avro.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;

/**
 * Random users built from User's schema, so every field (and any a later schema adds) takes part,
 * and pairs of users that differ in a few fields, are reordered, or carry repeated array elements.
 */
final class UserArbitraries {

  /**
   * Few distinct values, so that two random values are often equal; tricky ones among them: empty,
   * the word null, a prefix of another, a non-ASCII letter, an unpaired surrogate Avro writes as
   * '?'.
   */
  static final Arbitrary<String> STRINGS =
      Arbitraries.of("", "a", "ab", "b", "null", "Zoë", "a?", "a\uD800");

  /** Few distinct instants, some differing only below the millisecond Avro keeps. */
  static final Arbitrary<Instant> INSTANTS =
      Arbitraries.of(
          Instant.EPOCH,
          Instant.parse("1969-12-31T23:59:59.999Z"),
          Instant.parse("2026-11-27T10:00:00.123Z"),
          Instant.parse("2026-11-27T10:00:00.123456789Z"),
          Instant.parse("2026-11-27T10:00:00.124Z"));

  private UserArbitraries() {}

  static Arbitrary<User> users() {
    return valuesOf(User.getClassSchema()).map(User.class::cast);
  }

  /**
   * Two users that differ in some fields (none, few or many, so equal and unequal content are both
   * common), or only in timestamps, the kind of change quiet fields are for.
   */
  static Arbitrary<UserPair> pairs() {
    Arbitrary<UserPair> anyFields =
        Combinators.combine(
                users(), users(), Arbitraries.of(0.0, 0.03, 0.1, 0.4), Arbitraries.randoms())
            .as(
                (user, other, rate, random) ->
                    new UserPair(user, variant(user, other, rate, random, field -> true)));
    Arbitrary<UserPair> timestamps =
        Combinators.combine(users(), users(), Arbitraries.randoms())
            .as(
                (user, other, random) ->
                    new UserPair(
                        user, variant(user, other, 0.2, random, UserArbitraries::holdsTimestamps)));
    return Arbitraries.frequencyOf(Tuple.of(3, anyFields), Tuple.of(1, timestamps));
  }

  /** The default rules half the time, otherwise rules with a random few quiet fields. */
  static Arbitrary<DiffRules> rules() {
    Arbitrary<Set<String>> quiet = Arbitraries.of(DiffRules.quietableFields()).set().ofMaxSize(4);
    return Arbitraries.oneOf(
        Arbitraries.just(DiffRules.defaults()),
        Combinators.combine(quiet, Arbitraries.of(true, false)).as(DiffRules::new));
  }

  record UserPair(User first, User second) {}

  private static User variant(
      User user, User other, double changeRate, Random random, Predicate<Schema.Field> changeable) {
    User variant = User.newBuilder(user).build();
    for (Schema.Field field : User.getClassSchema().getFields()) {
      if (!changeable.test(field)) {
        continue;
      }
      int pos = field.pos();
      double roll = random.nextDouble();
      if (roll < changeRate) {
        variant.put(pos, other.get(pos));
      } else if (roll < 2 * changeRate && variant.get(pos) instanceof List<?> list) {
        variant.put(pos, rearranged(list, random));
      } else if (roll < 3 * changeRate && field.name().equals("licenses")) {
        variant.put(pos, withOtherActivity(user.getLicenses(), other.getLicenses(), random));
      }
    }
    return variant;
  }

  /** Timestamp fields and the licenses, which carry their own. */
  private static boolean holdsTimestamps(Schema.Field field) {
    Schema schema = field.schema().isUnion() ? field.schema().getTypes().get(1) : field.schema();
    return field.name().equals("licenses")
        || schema.getLogicalType() instanceof LogicalTypes.TimestampMillis;
  }

  /** Shuffled, sometimes with an element repeated. */
  private static List<Object> rearranged(List<?> list, Random random) {
    List<Object> copy = new ArrayList<>(list);
    if (!copy.isEmpty() && random.nextBoolean()) {
      copy.add(copy.get(random.nextInt(copy.size())));
    }
    Collections.shuffle(copy, random);
    return copy;
  }

  private static List<License> withOtherActivity(
      List<License> licenses, List<License> others, Random random) {
    return licenses.stream()
        .map(
            license ->
                new License(
                    license.getId(),
                    license.getName(),
                    license.getOrganization(),
                    others.isEmpty()
                        ? null
                        : others.get(random.nextInt(others.size())).getLastActiveAt()))
        .collect(Collectors.toList());
  }

  private static Arbitrary<Object> valuesOf(Schema schema) {
    return switch (schema.getType()) {
      case UNION ->
          nullable(
              schema.getTypes().stream()
                  .filter(type -> !type.isNullable())
                  .findFirst()
                  .orElseThrow());
      case STRING -> STRINGS.map(Object.class::cast);
      case BOOLEAN -> Arbitraries.of(true, false).map(Object.class::cast);
      case LONG -> INSTANTS.map(Object.class::cast); // User's longs are all timestamp-millis
      case ENUM ->
          Arbitraries.of(SpecificData.get().getClass(schema).getEnumConstants())
              .map(Object.class::cast);
      case ARRAY -> valuesOf(schema.getElementType()).list().ofMaxSize(3).map(Object.class::cast);
      case RECORD -> records(schema);
      default -> throw new IllegalArgumentException("no arbitrary for " + schema);
    };
  }

  private static Arbitrary<Object> nullable(Schema type) {
    return Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.just(null)), Tuple.of(3, valuesOf(type)));
  }

  private static Arbitrary<Object> records(Schema schema) {
    List<Arbitrary<Object>> fields =
        schema.getFields().stream().map(field -> valuesOf(field.schema())).toList();
    return Combinators.combine(fields)
        .as(
            values -> {
              IndexedRecord record = (IndexedRecord) SpecificData.get().newRecord(null, schema);
              for (int i = 0; i < values.size(); i++) {
                record.put(i, values.get(i));
              }
              return record;
            });
  }
}
