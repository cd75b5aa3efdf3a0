package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
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
}
