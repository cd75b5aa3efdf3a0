package dev.roster.truto;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * How long a 429 asks Roster to wait, from its headers:
 *
 * <ul>
 *   <li>{@code Retry-After}: delay seconds (a fraction is rounded up) or an HTTP-date;
 *   <li>{@code ratelimit-reset}: delay seconds, as the IETF draft and Truto document. A value of at
 *       least {@value #EPOCH_SECONDS_FLOOR} is read as a Unix time instead, since some vendors
 *       (GitHub's {@code x-ratelimit-reset}) send that and passing it through as seconds would mean
 *       a wait of decades.
 * </ul>
 *
 * When both are given the longer wait wins: both limits must have passed before the next request. A
 * time already past is a wait of zero. Capping absurd waits is the caller's policy, not this
 * class's.
 */
public final class RateLimitHints {

  static final long EPOCH_SECONDS_FLOOR = 1_000_000_000L;

  private RateLimitHints() {}

  /**
   * @param headers the response headers; names are matched case-insensitively, the first value
   *     counts
   * @param now the time the response arrived
   * @return the wait, or empty when no header gives a usable one
   */
  public static Optional<Duration> waitTime(Map<String, List<String>> headers, Instant now) {
    return Stream.of(
            header(headers, "Retry-After").flatMap(value -> retryAfter(value, now)),
            header(headers, "ratelimit-reset").flatMap(value -> rateLimitReset(value, now)))
        .flatMap(Optional::stream)
        .max(Duration::compareTo);
  }

  private static Optional<Duration> retryAfter(String value, Instant now) {
    Optional<Duration> seconds = seconds(value);
    if (seconds.isPresent()) {
      return seconds;
    }
    try {
      return Optional.of(
          until(ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant(), now));
    } catch (DateTimeParseException notADate) {
      return Optional.empty();
    }
  }

  private static Optional<Duration> rateLimitReset(String value, Instant now) {
    return seconds(value)
        .map(
            duration ->
                duration.getSeconds() >= EPOCH_SECONDS_FLOOR
                    ? until(Instant.ofEpochSecond(duration.getSeconds()), now)
                    : duration);
  }

  /** Non-negative seconds, a fraction rounded up to the next millisecond. */
  private static Optional<Duration> seconds(String value) {
    if (!value.matches("\\d{1,15}(\\.\\d{1,9})?")) {
      return Optional.empty();
    }
    BigDecimal millis = new BigDecimal(value).movePointRight(3).setScale(0, RoundingMode.CEILING);
    return Optional.of(Duration.ofMillis(millis.longValueExact()));
  }

  private static Duration until(Instant then, Instant now) {
    Duration wait = Duration.between(now, then);
    return wait.isNegative() ? Duration.ZERO : wait;
  }

  private static Optional<String> header(Map<String, List<String>> headers, String name) {
    return headers.entrySet().stream()
        .filter(entry -> entry.getKey() != null && entry.getKey().equalsIgnoreCase(name))
        .flatMap(entry -> entry.getValue() == null ? Stream.empty() : entry.getValue().stream())
        .filter(value -> value != null)
        .map(String::strip)
        .findFirst();
  }
}
