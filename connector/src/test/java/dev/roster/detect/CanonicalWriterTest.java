package dev.roster.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.avro.Email;
import dev.roster.avro.StatusCategory;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CanonicalWriterTest {

  @Test
  void stringBoundariesCannotMove() {
    assertThat(strings("a", "bc")).isNotEqualTo(strings("ab", "c"));
    assertThat(strings("", "a")).isNotEqualTo(strings("a", ""));
  }

  @Test
  void nullEmptyAndTheWordNullAllDiffer() {
    CanonicalValue nothing = new CanonicalWriter().string(null).toValue();
    assertThat(nothing)
        .isNotEqualTo(new CanonicalWriter().string("").toValue())
        .isNotEqualTo(new CanonicalWriter().string("null").toValue());
  }

  @Test
  void valuesOfDifferentTypesDifferEvenWhenTheyReadAlike() {
    assertThat(value("true")).isNotEqualTo(value(true));
    assertThat(value("ACTIVE")).isNotEqualTo(value(StatusCategory.ACTIVE));
    assertThat(value(List.of())).isNotEqualTo(value(null));
    assertThat(value(List.of("a", "b"))).isNotEqualTo(value(List.of("ab")));
  }

  @Test
  void recordsCompareByTheirFieldValues() {
    assertThat(value(new Email("a@x.example", "work", true)))
        .isEqualTo(value(new Email("a@x.example", "work", true)))
        .isNotEqualTo(value(new Email("a@x.example", "work", false)))
        .isNotEqualTo(value(new Email("a@x.example", null, true)));
  }

  @Test
  void instantsCompareAtTheMillisecondsAvroKeeps() {
    Instant instant = Instant.parse("2026-11-27T10:00:00.123Z");
    assertThat(value(instant.plusNanos(456_789))).isEqualTo(value(instant));
    assertThat(value(instant.plusMillis(1))).isNotEqualTo(value(instant));
  }

  @Test
  void stringsCompareAsTheUtf8AvroWrites() {
    // Avro writes an unpaired surrogate as '?', so the stored copy of such a user reads back with
    // '?'.
    assertThat(value("a\uD800")).isEqualTo(value("a?"));
    assertThat(value("Zoë")).isNotEqualTo(value("Zoe"));
  }

  @Test
  void setsIgnoreOrderAndRepetitionButNotContent() {
    assertThat(set("a", "b", "c")).isEqualTo(set("c", "a", "b")).isEqualTo(set("b", "a", "c", "a"));
    assertThat(set("a", "b")).isNotEqualTo(set("a", "b", "c")).isNotEqualTo(set("a", "bb"));
    assertThat(set()).isNotEqualTo(value(List.of()));
  }

  @Test
  void listsKeepTheirOrder() {
    assertThat(value(List.of("en", "nb"))).isNotEqualTo(value(List.of("nb", "en")));
  }

  @Test
  void aTypeWithoutCanonicalFormIsRefused() {
    assertThatThrownBy(() -> new CanonicalWriter().value(1.5d))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Double");
  }

  private static CanonicalValue strings(String... values) {
    CanonicalWriter writer = new CanonicalWriter();
    Arrays.stream(values).forEach(writer::string);
    return writer.toValue();
  }

  private static CanonicalValue value(Object value) {
    return new CanonicalWriter().value(value).toValue();
  }

  private static CanonicalValue set(String... elements) {
    return new CanonicalWriter().set(List.of(elements)).toValue();
  }
}
