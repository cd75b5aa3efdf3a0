package dev.roster.app;

import ch.qos.logback.core.PropertyDefinerBase;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The environment variables that shape Roster's logs, {@code ROSTER_LOG_FORMAT} and {@code
 * ROSTER_LOG_LEVEL}. {@code logback.xml} takes them through {@link Format} and {@link Level}, which
 * never fail (logback has no way to stop a start), and the command line checks them first with
 * {@link #problems}: a typo once made logback look for an appender that does not exist and print
 * nothing at all, for the whole life of the process. Empty counts as unset, as for every other
 * variable (container templates render an unset variable as an empty one)
 * (docs/architecture.md#logging).
 */
public final class LogSettings {

  public static final String FORMAT_VARIABLE = "ROSTER_LOG_FORMAT";
  public static final String LEVEL_VARIABLE = "ROSTER_LOG_LEVEL";

  /** One variable: the values logback takes (in their case), the default, the hint. */
  private record Setting(
      String variable, Set<String> values, boolean upperCase, String byDefault, String hint) {

    /** The value asked for, in logback's case; empty when unset or blank. */
    String asked(Map<String, String> environment) {
      String value = environment.getOrDefault(variable, "").strip();
      return upperCase ? value.toUpperCase(Locale.ROOT) : value.toLowerCase(Locale.ROOT);
    }

    String value(Map<String, String> environment) {
      String asked = asked(environment);
      return values.contains(asked) ? asked : byDefault;
    }

    Optional<String> problem(Map<String, String> environment) {
      String asked = asked(environment);
      return asked.isEmpty() || values.contains(asked)
          ? Optional.empty()
          : Optional.of(
              variable + " = '" + EscapedLogText.escape(environment.get(variable)) + "': " + hint);
    }
  }

  /** The appender names in logback.xml. */
  private static final Setting FORMAT =
      new Setting(
          FORMAT_VARIABLE,
          Set.of("text", "json"),
          false,
          "text",
          "not a log format; use text (lines for people, the default) or json (one JSON object per"
              + " line)");

  private static final Setting LEVEL =
      new Setting(
          LEVEL_VARIABLE,
          Set.of("ALL", "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF"),
          true,
          "INFO",
          "not a log level; use TRACE, DEBUG, INFO (the default), WARN, ERROR or OFF");

  private LogSettings() {}

  /** One line per variable that does not name a format or a level; empty when both are fine. */
  public static List<String> problems(Map<String, String> environment) {
    return Stream.of(FORMAT, LEVEL)
        .flatMap(setting -> setting.problem(environment).stream())
        .toList();
  }

  static String format(Map<String, String> environment) {
    return FORMAT.value(environment);
  }

  static String level(Map<String, String> environment) {
    return LEVEL.value(environment);
  }

  /** logback.xml's {@code logFormat}: the appender to use, text unless json is asked for. */
  public static final class Format extends PropertyDefinerBase {
    @Override
    public String getPropertyValue() {
      return format(System.getenv());
    }
  }

  /** logback.xml's {@code rosterLevel}: the level of Roster's own loggers, INFO unless set. */
  public static final class Level extends PropertyDefinerBase {
    @Override
    public String getPropertyValue() {
      return level(System.getenv());
    }
  }
}
