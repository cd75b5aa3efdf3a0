package dev.roster.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "500ms, PT0.5S",
    "90s, PT1M30S",
    "15m, PT15M",
    "2h, PT2H",
    "1d, PT24H",
    "0s, PT0S",
    "' 15m ', PT15M",
    "PT15M, PT15M",
    "pt1h30m, PT1H30M",
    "P1D, PT24H"
  })
  void parsesShortAndIsoForms(String text, String expected) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"15", "15x", "15 m", "15M", "1.5h", "m", "fifteen minutes", "P", "PT"})
  void rejectsWhatIsNotADurationNamingIt(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text.trim() + "'")
        .hasMessageContaining("15m");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-5m", "-PT5M", "PT-5M"})
  void rejectsNegativeDurations(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  "})
  void rejectsEmptyText(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a duration is needed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"99999999999999999999d", "999999999999999999d"})
  void rejectsDurationsTooLongToRepresent(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too long");
  }
}
