package dev.roster.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in configuration: a whole number and a unit ({@code 500ms}, {@code
 * 90s}, {@code 15m}, {@code 2h}, {@code 1d}) or ISO-8601 ({@code PT15M}).
 */
public final class Durations {

  /** How the accepted forms are described in error messages and documentation. */
  public static final String FORMS =
      "a whole number with ms, s, m, h or d (500ms, 90s, 15m, 2h, 1d) or ISO-8601 (PT15M)";

  // Units are lower case only: "15M" reads as months to some and minutes to others.
  private static final Pattern SHORT_FORM = Pattern.compile("(-?\\d+)(ms|s|m|h|d)");
  private static final Pattern ISO_START = Pattern.compile("[-+]?[Pp]");
  private static final Map<String, ChronoUnit> UNITS =
      Map.of(
          "ms", ChronoUnit.MILLIS,
          "s", ChronoUnit.SECONDS,
          "m", ChronoUnit.MINUTES,
          "h", ChronoUnit.HOURS,
          "d", ChronoUnit.DAYS);

  private Durations() {}

  /**
   * Parses a non-negative duration.
   *
   * @throws IllegalArgumentException naming the text and the accepted forms
   */
  public static Duration parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("a duration is needed: " + FORMS);
    }
    Duration duration = ISO_START.matcher(trimmed).lookingAt() ? iso(trimmed) : shortForm(trimmed);
    if (duration.isNegative()) {
      throw new IllegalArgumentException("'" + trimmed + "' is negative; durations must not be");
    }
    return duration;
  }

  private static Duration iso(String text) {
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw notADuration(text);
    }
  }

  private static Duration shortForm(String text) {
    Matcher matcher = SHORT_FORM.matcher(text);
    if (!matcher.matches()) {
      throw notADuration(text);
    }
    try {
      return Duration.of(Long.parseLong(matcher.group(1)), UNITS.get(matcher.group(2)));
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("'" + text + "' is too long a duration");
    }
  }

  private static IllegalArgumentException notADuration(String text) {
    return new IllegalArgumentException("'" + text + "' is not a duration: use " + FORMS);
  }
}
