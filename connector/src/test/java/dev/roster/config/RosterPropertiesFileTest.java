package dev.roster.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

/** config/roster.properties documents every key, with the defaults the code has. */
class RosterPropertiesFileTest {

  private static final Path FILE = Path.of("config", "roster.properties");

  @Test
  void everyKeyAppearsWithItsDefaultOrCommentedOut() throws IOException {
    List<String> lines = Files.readAllLines(FILE);

    for (ConfigDef.ConfigKey key : RosterConfig.configDef().configKeys().values()) {
      boolean commentedOut = key.defaultValue == null || key.type == ConfigDef.Type.PASSWORD;
      String line =
          (commentedOut ? "#" : "")
              + key.name
              + "="
              + (key.defaultValue == null
                  ? ""
                  : ConfigDef.convertToString(key.defaultValue, key.type));
      assertThat(lines).as(key.name).contains(line);
      assertThat(lines)
          .as(key.name)
          .contains("# Environment: " + RosterConfig.environmentVariable(key.name));
    }
  }

  @Test
  void theFileLoadsToTheDefaults() {
    RosterConfig fromFile = RosterConfig.load(Optional.of(FILE), Map.of());

    assertThat(fromFile.toString()).isEqualTo(RosterConfig.fromMap(Map.of()).toString());
  }
}
