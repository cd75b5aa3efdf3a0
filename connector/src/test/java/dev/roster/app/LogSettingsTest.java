package dev.roster.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LogSettingsTest {

  @Test
  void aFormatOrLevelThatDoesNotExistIsAProblemNamingTheVariable() {
    assertThat(
            LogSettings.problems(
                Map.of("ROSTER_LOG_FORMAT", "jsn", "ROSTER_LOG_LEVEL", "verbose\nINFO forged")))
        .containsExactly(
            "ROSTER_LOG_FORMAT = 'jsn': not a log format; use text (lines for people, the"
                + " default) or json (one JSON object per line)",
            "ROSTER_LOG_LEVEL = 'verbose\\nINFO forged': not a log level; use TRACE, DEBUG, INFO"
                + " (the default), WARN, ERROR or OFF");
  }

  @Test
  void knownValuesInAnyCaseAndEmptyOnesAreFine() {
    assertThat(LogSettings.problems(Map.of())).isEmpty();
    assertThat(LogSettings.problems(Map.of("ROSTER_LOG_FORMAT", "", "ROSTER_LOG_LEVEL", " ")))
        .isEmpty();
    assertThat(
            LogSettings.problems(Map.of("ROSTER_LOG_FORMAT", "JSON", "ROSTER_LOG_LEVEL", "debug")))
        .isEmpty();
  }

  @Test
  void logbackIsGivenAnAppenderAndALevelThatExistWhateverTheEnvironmentHolds() {
    assertThat(LogSettings.format(Map.of())).isEqualTo("text");
    assertThat(LogSettings.format(Map.of("ROSTER_LOG_FORMAT", ""))).isEqualTo("text");
    assertThat(LogSettings.format(Map.of("ROSTER_LOG_FORMAT", " Json "))).isEqualTo("json");
    assertThat(LogSettings.level(Map.of())).isEqualTo("INFO");
    assertThat(LogSettings.level(Map.of("ROSTER_LOG_LEVEL", "warn"))).isEqualTo("WARN");
  }
}
