package dev.roster.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roster.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's first command as a newcomer runs it, in a JVM of its own: {@code roster demo} starts
 * its own broker, registry and simulator, shows baselines and then change events, and stops cleanly
 * on SIGTERM (what Ctrl-C and {@code docker stop} send) with exit code 0. Reports how long the
 * first events took and the stop.
 */
class DemoIT {

  static final Pattern CHANGE =
      Pattern.compile("(?m)^\\S+  (CREATED|STATUS_CHANGED|UPDATED|REMOVED) ");
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

  @Test
  void showsBaselinesThenChangesAndStopsCleanlyOnSigterm() throws Exception {
    Path work = Files.createTempDirectory("demo-it");
    long start = System.nanoTime();
    try (ChildJvm demo =
        ChildJvm.start(
            RosterDevCli.class,
            List.of(
                "demo",
                "--data-dir",
                work.resolve("data").toString(),
                "--kafka-port",
                "0",
                "--registry-port",
                "0",
                "--simulator-port",
                "0",
                "--ops-port",
                "0",
                "--poll-interval",
                "5s",
                "--summary-every",
                "5s"),
            "512m",
            work.resolve("demo.log"))) {
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> Files.readString(demo.log()).contains("BASELINE") || !demo.isAlive());
      double firstEvents = (System.nanoTime() - start) / 1e9;
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> CHANGE.matcher(Files.readString(demo.log())).find() || !demo.isAlive());
      double firstChange = (System.nanoTime() - start) / 1e9;
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> Files.readString(demo.log()).contains("events since start") || !demo.isAlive());

      long stopAt = System.nanoTime();
      demo.terminate();
      int exitCode = demo.waitForExit(SHUTDOWN_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);
      System.out.printf(
          "[demo] first baseline after %.1f s, first change event after %.1f s, stopped %d ms after SIGTERM%n",
          firstEvents, firstChange, Duration.ofNanos(System.nanoTime() - stopAt).toMillis());

      String text = Files.readString(demo.log());
      assertThat(exitCode).as(demo.logTail()).isZero();
      assertThat(text)
          .contains("Kafka bootstrap servers  127.0.0.1:")
          .contains("Schema registry          http://127.0.0.1:");
      assertThat(text)
          .contains("BASELINE")
          .containsPattern(CHANGE)
          .contains("events since start")
          .contains("Stopping…");
      assertThat(text)
          .contains("hooli-hubspot: needs_reauth")
          .contains("Status page              http://127.0.0.1:");
    }
  }
}
