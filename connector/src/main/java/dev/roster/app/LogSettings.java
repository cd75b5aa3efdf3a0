package dev.roster.app;

import ch.qos.logback.core.PropertyDefinerBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The environment variables that shape Roster's logs, {@code ROSTER_LOG_FORMAT} and {@code
 * ROSTER_LOG_LEVEL}. {@code logback.xml} takes them through {@link Format} and {@link Level}, which
 * never fail (logback has no way to stop a start), and the command line checks them first with
 * {@link #problems}: a typo once made logback look for an appender that does not exist and print
 * nothing at all, for the whole life of the process. Empty counts as unset, as for every other
 * variable (container templates render an unset variable as an empty one).
 */
public final class LogSettings {

  public static final String FORMAT_VARIABLE = "ROSTER_LOG_FORMAT";
  public static final String LEVEL_VARIABLE = "ROSTER_LOG_LEVEL";

  /** The appender names in logback.xml. */
  private static final Set<String> FORMATS = Set.of("text", "json");

  private static final Set<String> LEVELS =
      Set.of("ALL", "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

  private LogSettings() {}

  /** One line per variable that does not name a format or a level; empty when both are fine. */
  public static List<String> problems(Map<String, String> environment) {
    List<String> problems = new ArrayList<>();
    String format = environment.getOrDefault(FORMAT_VARIABLE, "");
    if (!format.isBlank() && !FORMATS.contains(format.strip().toLowerCase(Locale.ROOT))) {
      problems.add(
          FORMAT_VARIABLE
              + " = '"
              + EscapedLogText.escape(format)
              + "': not a log format; use text (lines for people, the default) or json (one"
              + " JSON object per line)");
    }
    String level = environment.getOrDefault(LEVEL_VARIABLE, "");
    if (!level.isBlank() && !LEVELS.contains(level.strip().toUpperCase(Locale.ROOT))) {
      problems.add(
          LEVEL_VARIABLE
              + " = '"
              + EscapedLogText.escape(level)
              + "': not a log level; use TRACE, DEBUG, INFO (the default), WARN, ERROR or OFF");
    }
    return problems;
  }

  static String format(Map<String, String> environment) {
    String format = environment.getOrDefault(FORMAT_VARIABLE, "").strip().toLowerCase(Locale.ROOT);
    return FORMATS.contains(format) ? format : "text";
  }

  static String level(Map<String, String> environment) {
    String level = environment.getOrDefault(LEVEL_VARIABLE, "").strip().toUpperCase(Locale.ROOT);
    return LEVELS.contains(level) ? level : "INFO";
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
