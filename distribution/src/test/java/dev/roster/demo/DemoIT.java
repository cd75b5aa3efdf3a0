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
 * its own broker, registry and simulator, shows baselines and then change events, the scripted
 * leaver's alerts and their resolution (the story's delays shortened), and stops cleanly on SIGTERM
 * (what Ctrl-C and {@code docker stop} send) with exit code 0. Reports how long the first events,
 * the alerts and the stop took.
 */
class DemoIT {

  static final Pattern CHANGE =
      Pattern.compile("(?m)^\\S+  (CREATED|STATUS_CHANGED|UPDATED|REMOVED) ");
  static final Pattern LEAVER = Pattern.compile("(?m)^\\S+  STORY +(\\S+) leaves globex");
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
                "5s",
                "--story-leave-after",
                "0s",
                "--story-offboard-after",
                "8s"),
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
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> LEAVER.matcher(Files.readString(demo.log())).find() || !demo.isAlive());
      java.util.regex.Matcher story = LEAVER.matcher(Files.readString(demo.log()));
      assertThat(story.find()).as(demo.logTail()).isTrue();
      String leaver = story.group(1);
      List<Pattern> opened = leaverLines(leaver, "ALERT", "LEAVER_STILL_ACTIVE");
      List<Pattern> resolved = leaverLines(leaver, "RESOLVED", "LEAVER_RESOLVED");
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> allFound(opened, Files.readString(demo.log())) || !demo.isAlive());
      double alerted = (System.nanoTime() - start) / 1e9;
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> allFound(resolved, Files.readString(demo.log())) || !demo.isAlive());
      double leaverResolved = (System.nanoTime() - start) / 1e9;

      long stopAt = System.nanoTime();
      demo.terminate();
      int exitCode = demo.waitForExit(SHUTDOWN_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);
      System.out.printf(
          "[demo] first baseline after %.1f s, first change event after %.1f s, leaver alerts after"
              + " %.1f s, resolved after %.1f s, stopped %d ms after SIGTERM%n",
          firstEvents,
          firstChange,
          alerted,
          leaverResolved,
          Duration.ofNanos(System.nanoTime() - stopAt).toMillis());

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
      // The leaver: one alert per app, each resolved after it opened; the random world's alerts
      // found in baselines are summed up, not listed.
      for (int app = 0; app < 2; app++) {
        java.util.regex.Matcher open = opened.get(app).matcher(text);
        java.util.regex.Matcher close = resolved.get(app).matcher(text);
        assertThat(open.find()).as("%s", opened.get(app)).isTrue();
        assertThat(close.find(open.end())).as("%s after its alert", resolved.get(app)).isTrue();
      }
      assertThat(text).contains("BASELINE ALERTS").contains("open alerts: ");
      assertThat(text)
          .contains("hooli-hubspot: needs_reauth")
          .contains("Status page              http://127.0.0.1:");
    }
  }

  /** A feed line of the leaver's alert about each of globex's apps. */
  private static List<Pattern> leaverLines(String leaver, String verb, String type) {
    return java.util.stream.Stream.of("globex-slack", "globex-zoom")
        .map(
            app ->
                Pattern.compile(
                    "(?mi)^\\S+  "
                        + verb
                        + " +"
                        + type
                        + " +globex +"
                        + Pattern.quote(leaver)
                        + " .*\\("
                        + app
                        + "\\)"))
        .toList();
  }

  private static boolean allFound(List<Pattern> patterns, String text) {
    return patterns.stream().allMatch(p -> p.matcher(text).find());
  }
}
