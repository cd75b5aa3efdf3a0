package dev.roster.truto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LenientTimestampsTest {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "2021-08-10T10:00:00.000Z      | 2021-08-10T10:00:00Z",
        "2021-08-10T10:00:00Z          | 2021-08-10T10:00:00Z",
        "2021-08-10T10:00:00.123456789Z| 2021-08-10T10:00:00.123Z",
        "2021-08-10T10:00:00+02:00     | 2021-08-10T08:00:00Z",
        "2021-08-10T10:00:00.5-05:30   | 2021-08-10T15:30:00.500Z",
        "2021-08-10T10:00:00.000+0000  | 2021-08-10T10:00:00Z",
        "2021-08-10T10:00:00+0200      | 2021-08-10T08:00:00Z",
        "2021-08-10T10:00:00+02        | 2021-08-10T08:00:00Z",
        "2021-08-10T10:00:00           | 2021-08-10T10:00:00Z",
        "2021-08-10T10:00              | 2021-08-10T10:00:00Z",
        "2021-08-10t10:00:00z          | 2021-08-10T10:00:00Z",
        "2024-09-01 10:00:00           | 2024-09-01T10:00:00Z",
        "2024-09-01 10:00:00.250       | 2024-09-01T10:00:00.250Z",
        "2024-09-01 10:00:00+01:00     | 2024-09-01T09:00:00Z",
        "2021-08-10                    | 2021-08-10T00:00:00Z",
        "Tue, 10 Aug 2021 10:00:00 GMT | 2021-08-10T10:00:00Z",
        "1628589600                    | 2021-08-10T10:00:00Z",
        "1628589600.123                | 2021-08-10T10:00:00.123Z",
        "1628589600123                 | 2021-08-10T10:00:00.123Z",
        "-86400                        | 1969-12-31T00:00:00Z",
        "0                             | 1970-01-01T00:00:00Z",
      })
  void readsEveryAcceptedTextForm(String text, Instant expected) {
    assertThat(LenientTimestamps.parse(text)).contains(expected);
    assertThat(LenientTimestamps.parse(JSON.textNode(text))).contains(expected);
  }

  @Test
  void surroundingWhitespaceIsIgnored() {
    assertThat(LenientTimestamps.parse("  2021-08-10T10:00:00Z\n"))
        .contains(Instant.parse("2021-08-10T10:00:00Z"));
  }

  @Test
  void jsonNumbersAreEpochSecondsOrMillisByMagnitude() {
    assertThat(LenientTimestamps.parse(JSON.numberNode(1628589600L)))
        .contains(Instant.parse("2021-08-10T10:00:00Z"));
    assertThat(LenientTimestamps.parse(JSON.numberNode(1628589600123L)))
        .contains(Instant.parse("2021-08-10T10:00:00.123Z"));
    assertThat(LenientTimestamps.parse(JSON.numberNode(1628589600.123d)))
        .contains(Instant.parse("2021-08-10T10:00:00.123Z"));
    assertThat(LenientTimestamps.parse(JSON.numberNode(1628589600)))
        .contains(Instant.parse("2021-08-10T10:00:00Z"));
  }

  @Test
  void theMagnitudeLineSitsAtOneHundredBillion() {
    long justBelow = LenientTimestamps.EPOCH_MILLIS_THRESHOLD - 1;
    assertThat(LenientTimestamps.parse(JSON.numberNode(justBelow)))
        .contains(Instant.ofEpochSecond(justBelow));
    assertThat(LenientTimestamps.parse(JSON.numberNode(LenientTimestamps.EPOCH_MILLIS_THRESHOLD)))
        .contains(Instant.ofEpochMilli(LenientTimestamps.EPOCH_MILLIS_THRESHOLD));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "yesterday",
        "2021-13-01",
        "2021-02-30",
        "2021-08-10T25:00:00Z",
        "10/08/2021",
        "2021-08-10T10:00:00Zjunk",
        "2021-08-10  10:00:00",
        "1628589600abc",
        "1e9",
        "NaN",
        "99999999999999999999999999",
        "-62135596800001",
        "253402300800000",
      })
  void unparseableTextIsEmpty(String text) {
    assertThat(LenientTimestamps.parse(text)).isEmpty();
  }

  @Test
  void absurdlyLongTextIsEmpty() {
    assertThat(LenientTimestamps.parse("2021-08-10T10:00:00Z" + " ".repeat(100) + "x")).isEmpty();
  }

  @Test
  void nonTimestampJsonValuesAreEmpty() {
    assertThat(LenientTimestamps.parse(BooleanNode.TRUE)).isEmpty();
    assertThat(LenientTimestamps.parse(JSON.objectNode().put("date", "2021-08-10"))).isEmpty();
    assertThat(LenientTimestamps.parse(JSON.arrayNode().add("2021-08-10"))).isEmpty();
    assertThat(LenientTimestamps.parse(JSON.numberNode(new BigInteger("1" + "0".repeat(40)))))
        .isEmpty();
    assertThat(LenientTimestamps.parse(JSON.numberNode(Double.NaN))).isEmpty();
    assertThat(LenientTimestamps.parse(JSON.numberNode(Double.POSITIVE_INFINITY))).isEmpty();
  }

  @Test
  void theYearRangeIsOneToNineThousandNineHundredNinetyNine() {
    assertThat(LenientTimestamps.parse("0001-01-01T00:00:00Z"))
        .contains(Instant.parse("0001-01-01T00:00:00Z"));
    assertThat(LenientTimestamps.parse("9999-12-31T23:59:59.999Z"))
        .contains(Instant.parse("9999-12-31T23:59:59.999Z"));
    assertThat(LenientTimestamps.parse("9999-12-31T23:59:59-01:00")).isEmpty();
    assertThat(LenientTimestamps.parse("+10000-01-01T00:00:00Z")).isEmpty();
  }

  @Property
  void neverThrowsOnAnyText(@ForAll String text) {
    assertThat(LenientTimestamps.parse(text)).isNotNull();
  }

  @Property
  void isoInstantsRoundTripAtMillisecondPrecision(
      @ForAll @LongRange(min = -62135596800L, max = 253402300799L) long second,
      @ForAll @LongRange(min = 0, max = 999_999_999) long nanos) {
    Instant instant = Instant.ofEpochSecond(second, nanos);
    String text = DateTimeFormatter.ISO_INSTANT.format(instant);
    assertThat(LenientTimestamps.parse(text)).contains(instant.truncatedTo(ChronoUnit.MILLIS));
  }

  @Property
  void plausibleEpochSecondsAndMillisAgree(
      @ForAll @LongRange(min = 100_000_000L, max = 99_999_999_999L) long second) {
    // 1973 to 5138: the range in which the magnitude rule is meant to hold.
    Instant expected = Instant.ofEpochSecond(second);
    assertThat(LenientTimestamps.parse(JSON.numberNode(second))).contains(expected);
    assertThat(LenientTimestamps.parse(JSON.numberNode(second * 1000))).contains(expected);
    assertThat(LenientTimestamps.parse(Long.toString(second))).contains(expected);
    assertThat(LenientTimestamps.parse(Long.toString(second * 1000))).contains(expected);
  }
}
