package dev.roster.truto;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the timestamps vendors put in Truto's unified user, which are ISO 8601 "but not uniform".
 *
 * <p>Accepted, in this order:
 *
 * <ol>
 *   <li>Epoch time as a JSON number or a numeric string, optionally with a fraction. Seconds or
 *       milliseconds are told apart by magnitude: an absolute value below {@value
 *       #EPOCH_MILLIS_THRESHOLD} is seconds, anything else milliseconds. 10<sup>11</sup> seconds is
 *       the year 5138 and 10<sup>11</sup> milliseconds is March 1973, so neither reading is
 *       plausible on the wrong side of the line for a user directory.
 *   <li>A date and time, separated by {@code T} or one space, seconds and fraction optional, with
 *       an offset ({@code Z}, {@code +02:00}, {@code +0200}, {@code +02}) or without one, which
 *       means UTC.
 *   <li>A bare date {@code 2021-08-10}: the start of that day in UTC.
 *   <li>An RFC 1123 date ({@code Tue, 10 Aug 2021 10:00:00 GMT}), as HTTP-minded vendors write.
 * </ol>
 *
 * Results are truncated to milliseconds (the precision of Avro's timestamp-millis) and must fall in
 * the years 1 to 9999, so every result converts to epoch milliseconds without overflow. Anything
 * else is unparseable.
 */
public final class LenientTimestamps {

  static final long EPOCH_MILLIS_THRESHOLD = 100_000_000_000L;

  /** Longer texts are not timestamps; refusing them early keeps absurd input cheap. */
  private static final int MAX_TEXT_LENGTH = 64;

  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");
  private static final BigDecimal THRESHOLD = BigDecimal.valueOf(EPOCH_MILLIS_THRESHOLD);
  private static final BigDecimal MILLIS_PER_SECOND = BigDecimal.valueOf(1000);
  private static final Pattern NUMERIC = Pattern.compile("[+-]?\\d+(\\.\\d+)?");

  private static final DateTimeFormatter DATE_TIME =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .appendLiteral('T')
          .append(DateTimeFormatter.ISO_LOCAL_TIME)
          .optionalStart()
          .appendOffset("+HH:MM:ss", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HHMM", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH", "Z")
          .optionalEnd()
          .toFormatter(Locale.ROOT)
          .withResolverStyle(ResolverStyle.STRICT);

  private LenientTimestamps() {}

  /** The instant a non-null JSON value stands for, or empty when it is not a timestamp. */
  public static Optional<Instant> parse(JsonNode value) {
    if (value.isNumber()) {
      return fromEpoch(value.asText());
    }
    if (value.isTextual()) {
      return parse(value.textValue());
    }
    return Optional.empty();
  }

  /** The instant a text stands for, or empty when it is not a timestamp. */
  public static Optional<Instant> parse(String text) {
    String trimmed = text.strip();
    if (trimmed.isEmpty() || trimmed.length() > MAX_TEXT_LENGTH) {
      return Optional.empty();
    }
    if (NUMERIC.matcher(trimmed).matches()) {
      return fromEpoch(trimmed);
    }
    return fromDateTime(trimmed)
        .or(() -> fromDate(trimmed))
        .or(() -> fromRfc1123(trimmed))
        .flatMap(LenientTimestamps::withinRange);
  }

  private static Optional<Instant> fromEpoch(String number) {
    try {
      BigDecimal value = new BigDecimal(number);
      BigDecimal millis =
          value.abs().compareTo(THRESHOLD) < 0 ? value.multiply(MILLIS_PER_SECOND) : value;
      return withinRange(
          Instant.ofEpochMilli(millis.setScale(0, RoundingMode.FLOOR).longValueExact()));
    } catch (NumberFormatException | ArithmeticException notAnEpoch) {
      return Optional.empty();
    }
  }

  private static Optional<Instant> fromDateTime(String text) {
    String withT =
        text.length() > 10 && text.charAt(10) == ' '
            ? text.substring(0, 10) + 'T' + text.substring(11)
            : text;
    try {
      TemporalAccessor parsed =
          DATE_TIME.parseBest(withT, OffsetDateTime::from, LocalDateTime::from);
      Instant instant =
          parsed instanceof OffsetDateTime offset
              ? offset.toInstant()
              : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
      return Optional.of(instant);
    } catch (DateTimeParseException notADateTime) {
      return Optional.empty();
    }
  }

  private static Optional<Instant> fromDate(String text) {
    try {
      return Optional.of(
          LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE)
              .atStartOfDay()
              .toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException notADate) {
      return Optional.empty();
    }
  }

  private static Optional<Instant> fromRfc1123(String text) {
    try {
      return Optional.of(
          OffsetDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    } catch (DateTimeParseException notRfc1123) {
      return Optional.empty();
    }
  }

  private static Optional<Instant> withinRange(Instant instant) {
    Instant millis = instant.truncatedTo(ChronoUnit.MILLIS);
    return millis.isBefore(EARLIEST) || millis.isAfter(LATEST)
        ? Optional.empty()
        : Optional.of(millis);
  }
}
