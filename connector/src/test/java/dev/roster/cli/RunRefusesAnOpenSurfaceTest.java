package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code roster run} told to listen beyond loopback with the status page open stops before it
 * connects to anything: exit code 3 and one line naming the key and the ways out.
 */
class RunRefusesAnOpenSurfaceTest {

  @TempDir Path directory;

  @Test
  void beyondLoopbackWithoutATokenRunExitsWithCode3AndOneLine() throws Exception {
    Path properties = directory.resolve("roster.properties");
    Files.writeString(
        properties,
        """
        truto.api-token=not-used
        kafka.bootstrap.servers=127.0.0.1:1
        ops.host=0.0.0.0
        """);
    StringWriter err = new StringWriter();
    CommandLine cli = RosterCli.commandLine();
    cli.setErr(new PrintWriter(err, true));

    int exitCode = cli.execute("run", "--config", properties.toString());

    assertThat(exitCode).isEqualTo(RosterCli.BAD_CONFIGURATION).isEqualTo(3);
    assertThat(err.toString().lines())
        .containsExactly(
            "Invalid configuration:",
            "  ops.host = '0.0.0.0' (from "
                + properties
                + "): listens beyond loopback with no ops.auth-token, so the status page (people's"
                + " emails) would be open to the network; set ops.auth-token (or"
                + " ops.auth-token-file), or ops.allow-open=true if the network keeps others out");
  }
}
