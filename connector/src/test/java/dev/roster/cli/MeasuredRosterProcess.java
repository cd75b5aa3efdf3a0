package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roster.app.RosterService;
import dev.roster.app.RosterSettings;
import dev.roster.avro.IntegratedAccount;
import dev.roster.testing.ChildJvm;
import dev.roster.testing.KafkaBroker;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One Roster instance alone in its own JVM, so that its heap holds Roster and nothing else (no
 * simulator, no broker, no test ledger), printing its used heap after a full collection at a fixed
 * interval as {@value #HEAP_LINE} lines for the test that started it. Arguments: Truto base URL,
 * registry URL, bootstrap servers, application id, poll interval (ISO-8601), accounts file (one "id
 * integration" per line), heap sample interval (ISO-8601).
 */
public final class MeasuredRosterProcess {

  /** Prefix of the heap lines: "HEAP_AFTER_GC epoch-millis used-bytes". */
  static final String HEAP_LINE = "HEAP_AFTER_GC";

  private MeasuredRosterProcess() {}

  /**
   * Starts Roster in its own JVM (G1, at most {@code maxHeap}, exiting on OutOfMemoryError as the
   * image does) on this test's classpath, polling {@code accounts} of the simulator at {@code
   * trutoBaseUrl}, and waits up to {@code startupWait} until it runs; its output goes to {@code
   * log}.
   */
  static ChildJvm start(
      String trutoBaseUrl,
      String registryUrl,
      String applicationId,
      List<IntegratedAccount> accounts,
      Duration pollInterval,
      Duration heapInterval,
      String maxHeap,
      Path log,
      Duration startupWait)
      throws IOException {
    Path accountsFile = Files.createTempFile("measured-accounts", ".txt");
    Files.write(
        accountsFile, accounts.stream().map(a -> a.getId() + " " + a.getIntegration()).toList());
    ChildJvm roster =
        ChildJvm.start(
            MeasuredRosterProcess.class,
            List.of("-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError"),
            List.of(
                trutoBaseUrl,
                registryUrl,
                KafkaBroker.bootstrapServers(),
                applicationId,
                pollInterval.toString(),
                accountsFile.toString(),
                heapInterval.toString()),
            maxHeap,
            log);
    await()
        .atMost(startupWait)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              assertThat(roster.isAlive()).as("Roster's JVM is alive; see %s", log).isTrue();
              return lines(log).contains("roster started");
            });
    return roster;
  }

  /** The child's output; decoded leniently, as a stray byte must not hide it. */
  static List<String> lines(Path log) throws IOException {
    return new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    List<IntegratedAccount> accounts =
        Files.readAllLines(Path.of(args[5])).stream()
            .map(line -> line.split(" "))
            .map(f -> TestRoster.account(f[0], f[1], Map.of()))
            .toList();
    RosterSettings settings =
        TestRoster.settings(
            URI.create(args[0]), args[1], args[2], args[3], accounts, Duration.parse(args[4]));
    RosterService roster = RosterService.start(settings, Clock.systemUTC());
    Runtime.getRuntime().addShutdownHook(new Thread(roster::close, "roster-shutdown"));
    System.out.println("roster started");
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long interval = Duration.parse(args[6]).toMillis();
    while (true) {
      Thread.sleep(interval);
      // A full collection leaves what is reachable: the live set, the quantity a leak makes grow.
      System.gc();
      System.out.println(
          HEAP_LINE
              + " "
              + System.currentTimeMillis()
              + " "
              + memory.getHeapMemoryUsage().getUsed());
    }
  }
}
