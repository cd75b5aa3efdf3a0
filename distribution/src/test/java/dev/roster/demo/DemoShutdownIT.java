package dev.roster.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roster.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Ctrl-C or SIGTERM stops {@code roster demo} as it stops {@code roster run} (the connector's RosterShutdownIT). */
class DemoShutdownIT {

  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(20);

  @Test
  void theDemoStopsTheSameWayOnSigterm() throws Exception {
    Path work = Files.createTempDirectory("roster-sigterm-demo");
    try (ChildJvm demo = ChildJvm.start(RosterDevCli.class, List.of("demo", "--data-dir", work.resolve("data").toString(), "--kafka-port", "0",
        "--registry-port", "0", "--simulator-port", "0", "--ops-port", "0"), "512m", work.resolve("demo.log"))) {
      await().atMost(Duration.ofSeconds(120)).until(() -> Files.readString(demo.log()).contains("Live feed"));
      long stopAt = System.nanoTime();
      demo.terminate();
      int exitCode = demo.waitForExit(SHUTDOWN_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);

      System.out.printf("[sigterm demo] stopped %d ms after SIGTERM%n", Duration.ofNanos(System.nanoTime() - stopAt).toMillis());
      assertThat(exitCode).as(demo.logTail()).isZero();
      assertThat(Files.readString(demo.log())).contains("Stopping…");
    }
  }

}
