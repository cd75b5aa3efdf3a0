package dev.roster.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The README's first command, in-process: the demo starts its own broker, registry and simulator,
 * shows baselines and then change events, and stops cleanly. Reports how long the first events took.
 */
class DemoIT {

  static final Pattern CHANGE = Pattern.compile("(?m)^\\S+  (CREATED|STATUS_CHANGED|UPDATED|REMOVED) ");

  @Test
  void showsBaselinesThenChangesAndStopsCleanly() throws Exception {
    Path dataDir = Files.createTempDirectory("demo-it");
    DemoCommand demo = new DemoCommand();
    StringWriter output = new StringWriter();
    CommandLine commandLine = new CommandLine(demo);
    commandLine.setOut(new PrintWriter(output, true));
    commandLine.setErr(new PrintWriter(output, true)); // a failure explains itself in the assertion message
    long start = System.nanoTime();
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> commandLine.execute(
        "--data-dir", dataDir.toString(), "--kafka-port", "0", "--registry-port", "0", "--simulator-port", "0", "--ops-port", "0",
        "--poll-interval", "5s", "--summary-every", "5s", "--verbose"));

    await().atMost(Duration.ofSeconds(60)).until(() -> output.toString().contains("BASELINE") || exit.isDone());
    double firstEvents = (System.nanoTime() - start) / 1e9;
    await().atMost(Duration.ofSeconds(90)).until(() -> CHANGE.matcher(output.toString()).find() || exit.isDone());
    double firstChange = (System.nanoTime() - start) / 1e9;
    demo.stopped.countDown();

    assertThat(exit.get()).as("exit code; output:%n%s", output).isZero();
    String text = output.toString();
    System.out.printf("[demo] first baseline after %.1f s, first change event after %.1f s%n", firstEvents, firstChange);
    assertThat(text).contains("Kafka bootstrap servers  127.0.0.1:").contains("Schema registry          http://127.0.0.1:");
    assertThat(text).contains("BASELINE").containsPattern(CHANGE).contains("events since start").contains("Stopping…");
    assertThat(text).contains("hooli-hubspot: needs_reauth").contains("Status page              http://127.0.0.1:");
  }
}
