package dev.roster.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README stays true: every configuration key documented, and its test command is the one CI
 * runs.
 */
class ReadmeTest {

  private static String read(String file) throws IOException {
    return Files.readString(Path.of(System.getProperty("user.dir"), file));
  }

  @Test
  void documentsEveryConfigurationKeyAndItsVariable() throws IOException {
    String readme = read("README.md");
    for (String key : RosterConfig.configDef().names()) {
      assertThat(readme)
          .as("README documents %s", key)
          .contains("`" + key + "`")
          .contains(RosterConfig.environmentVariable(key));
    }
  }

  @Test
  void theTwoQuickstartCommandsAreThereAndCiRunsTheTestCommand() throws IOException {
    String readme = read("README.md");
    assertThat(readme).contains("./roster demo").contains("mvn -B verify");
    assertThat(read(".ci/run")).containsPattern("(?m)^mvn -B verify$");
    assertThat(Files.isExecutable(Path.of(System.getProperty("user.dir"), "roster")))
        .as("./roster is executable")
        .isTrue();
  }
}
