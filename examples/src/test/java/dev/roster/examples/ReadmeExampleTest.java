package dev.roster.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The consumer the README shows is this module's UserEventsConsumer, which UserEventsConsumerIT
 * runs: same lines.
 */
class ReadmeExampleTest {

  private static final String START = "// README snippet start\n";
  private static final String END = "  // README snippet end\n";

  @Test
  void theReadmeQuotesTheTestedExample() throws Exception {
    String source =
        Files.readString(
            Path.of("examples/src/main/java/dev/roster/examples/UserEventsConsumer.java"));
    String snippet = source.substring(source.indexOf(START) + START.length(), source.indexOf(END));
    String readme = Files.readString(Path.of("README.md"));

    assertThat(snippet)
        .as("the markers in UserEventsConsumer")
        .contains("AvroDeserializer.specific");
    assertThat(readme)
        .as("README.md quotes UserEventsConsumer between its markers")
        .contains(snippet);
  }
}
