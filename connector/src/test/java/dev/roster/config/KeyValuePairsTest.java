package dev.roster.config;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyValuePairsTest {

  @Test
  void parsesPairsInOrderTrimmed() {
    assertThat(KeyValuePairs.parse(" okta = 4 , github=2"))
        .containsExactly(entry("okta", "4"), entry("github", "2"));
  }

  @Test
  void valuesMayContainEquals() {
    assertThat(KeyValuePairs.parse("a=b=c")).containsExactly(entry("a", "b=c"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void blankIsTheEmptyMap(String text) {
    assertThat(KeyValuePairs.parse(text)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"github", "github=", "=2", "github=2,", "github=2,,okta=4", "github:2"})
  void rejectsWhatIsNotAPair(String text) {
    assertThatThrownBy(() -> KeyValuePairs.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a key=value pair");
  }

  @Test
  void rejectsARepeatedKey() {
    assertThatThrownBy(() -> KeyValuePairs.parse("okta=1,okta=2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'okta' appears twice");
  }
}
