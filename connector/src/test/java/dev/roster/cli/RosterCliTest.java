package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.sim.SimulatorConfig;
import dev.roster.sim.TrutoSimulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RosterCliTest {

  @Test
  void anUnknownLogFormatStopsEveryCommandBeforeItRunsWithAClearLine() {
    StringWriter err = new StringWriter();
    StringWriter out = new StringWriter();
    CommandLine cli =
        RosterCli.commandLine(Map.of("ROSTER_LOG_FORMAT", "jsn"))
            .setErr(new PrintWriter(err))
            .setOut(new PrintWriter(out));

    int exit = cli.execute("--version");

    assertThat(exit).isEqualTo(RosterCli.BAD_CONFIGURATION);
    assertThat(err.toString())
        .isEqualTo(
            "Invalid configuration:"
                + System.lineSeparator()
                + "  ROSTER_LOG_FORMAT = 'jsn': not a log format; use text (lines for people, the"
                + " default) or json (one JSON object per line)"
                + System.lineSeparator());
    assertThat(out.toString()).as("the command did not run").isEmpty();
  }

  @Test
  void knownLogSettingsLetTheCommandRun() {
    StringWriter out = new StringWriter();
    CommandLine cli =
        RosterCli.commandLine(Map.of("ROSTER_LOG_FORMAT", "json", "ROSTER_LOG_LEVEL", "debug"))
            .setOut(new PrintWriter(out));

    assertThat(cli.execute("--version")).isZero();
    assertThat(out.toString()).isNotBlank();
  }

  /**
   * The four copies of the token in one {@code accounts sync}: a failed discovery, its
   * message and every cause of its stack trace printed. Here a broken discovery page holds the
   * token bare, so the JSON parser's own error, the cause, quotes it.
   */
  @Test
  void aFailedDiscoveryPrintsNoTokenFromAccountsSync(@TempDir Path dir) throws Exception {
    String token = "tokSECRET51d0";
    try (TrutoSimulator sim =
        TrutoSimulator.start(
            SimulatorConfig.builder().port(0).apiToken(token).unlimited().build())) {
      sim.faults().spliceIntoPage(1, token.getBytes(StandardCharsets.US_ASCII));
      Path config =
          Files.write(
              dir.resolve("roster.properties"),
              List.of(
                  "truto.base-url=" + sim.baseUrl(),
                  "truto.api-token=" + token,
                  "accounts.discovery.enabled=true",
                  "kafka.bootstrap.servers=127.0.0.1:9",
                  "schema.registry.url=http://127.0.0.1:9"));
      StringWriter output = new StringWriter();
      CommandLine cli =
          RosterCli.commandLine(Map.of())
              .setErr(new PrintWriter(output))
              .setOut(new PrintWriter(output));

      int exit = cli.execute("accounts", "--config", config.toString(), "sync");

      assertThat(exit).isEqualTo(RosterCli.FAILED);
      assertThat(output.toString())
          .contains("Account discovery failed", "malformed page", "Caused by", "[redacted]")
          .doesNotContain("SECRET");
    }
  }
}
