package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roster.avro.ChangeType;
import dev.roster.avro.UserChangeEvent;
import dev.roster.config.RosterConfig;
import dev.roster.registry.server.EmbeddedSchemaRegistry;
import dev.roster.sim.SimAccountSpec;
import dev.roster.sim.SimChange;
import dev.roster.sim.TrutoSimulator;
import dev.roster.testing.ChildJvm;
import dev.roster.testing.KafkaBroker;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * SIGTERM, as every deploy, scale-in and node drain sends it, is a clean stop of {@code roster run}
 * in a child JVM: exit code 0 within shutdown.timeout, the running poll aborted (it removes
 * nothing), the change detector committed and closed (NOT_RUNNING) with its stores' checkpoints
 * written, so the restart on the same state directory restores nothing and publishes nothing twice.
 * A SIGTERM while start-up waits for an absent registry stops the process at once, too, and the
 * demo (broker, registry and simulator in its own JVM) stops the same way.
 */
@ExtendWith(KafkaBroker.class)
class RosterShutdownIT {

  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(20);
  private static EmbeddedSchemaRegistry registry;

  @BeforeAll
  static void startRegistry() {
    registry = TestRoster.registry("shutdown");
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @Test
  void sigtermMidPollStopsCleanlyAndTheRestartRestoresNothingAndRepeatsNothing() throws Exception {
    int bigUsers = 400;
    int pageSize = 20;
    try (TrutoSimulator sim = TestRoster.simulator(61)) {
      sim.addAccount(
          SimAccountSpec.of("big", "slack", "acme")
              .users(bigUsers)
              .vendorPageSize(pageSize)
              .materialised());
      sim.addAccount(
          SimAccountSpec.of("small", "googleworkspace", "acme").users(30).materialised());
      List<String> accountIds = List.of("big", "small");
      RunDeployment roster = new RunDeployment("roster-sigterm", sim, registry.url(), accountIds);
      Path config =
          roster.config(
              "state", Map.of(RosterConfig.SHUTDOWN_TIMEOUT, SHUTDOWN_TIMEOUT.toSeconds() + "s"));

      try (EventLedger events = new EventLedger(roster.topics.userEvents)) {
        ChildJvm first = roster.run(config, "first");
        try {
          events.awaitAtLeast(bigUsers + 30, Duration.ofSeconds(120));
          events.awaitQuiet(Duration.ofSeconds(3), Duration.ofSeconds(60));

          // Changes the next poll of "big" is to report; that poll is slowed down and stopped part
          // way.
          int mark = events.size();
          ListingProgress.SlowPoll poll =
              ListingProgress.slowPollPartWay(sim, "big", 15, Duration.ofMillis(150), 4);
          List<SimChange> changes = poll.changes();
          long stopAt = System.nanoTime();
          first.terminate();
          int exitCode = first.waitForExit(SHUTDOWN_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);
          Duration stopping = Duration.ofNanos(System.nanoTime() - stopAt);
          int pagesAtStop = poll.pages();
          String firstLog = Files.readString(first.log());

          assertThat(exitCode).as("exit code after SIGTERM; log %s", first.log()).isZero();
          assertThat(stopping).as("time from SIGTERM to exit").isLessThan(SHUTDOWN_TIMEOUT);
          assertThat(pagesAtStop).as("the stop landed mid-poll").isLessThan(bigUsers / pageSize);
          assertThat(firstLog)
              .as("the change detector was closed, not cut off")
              .contains("Change detector PENDING_SHUTDOWN -> NOT_RUNNING");
          assertThat(firstLog)
              .as("the identity stage was closed, not cut off")
              .contains("Identity stage PENDING_SHUTDOWN -> NOT_RUNNING");
          // The detector's one sub-topology, and the identity stage's two halves (an application
          // of its own); 3 partitions.
          assertThat(checkpointedTasks(roster.stateDir("state")))
              .as("tasks whose every store holds its checkpoint")
              .containsExactlyInAnyOrder(
                  "detector 0_0",
                  "detector 0_1",
                  "detector 0_2",
                  "identities 0_0",
                  "identities 0_1",
                  "identities 0_2",
                  "identities 1_0",
                  "identities 1_1",
                  "identities 1_2");

          changes.addAll(sim.churn("small", 8));
          sim.faults("big").clear();
          int expected = SimTruth.expectedEvents(changes).size();
          try (ChildJvm second = roster.run(config, "second")) {
            events.awaitAtLeast(mark + expected, Duration.ofSeconds(120));
            events.awaitQuiet(
                Duration.ofSeconds(6), Duration.ofSeconds(60)); // further polls must add nothing
            String secondLog = Files.readString(second.log());
            assertThat(secondLog)
                .as(
                    "the restart found its stores as they were left: it reads each changelog from its checkpoint, "
                        + "finding only the last transaction's marker")
                .contains("-> RUNNING (0 records restored from changelogs since start)")
                // From the start of a changelog that holds records: a rebuild. (An empty one, such
                // as the resend store's, is "restored" from 0 to 0, which reads nothing.)
                .doesNotContainPattern("Restoring store \\w+ from \\S+ offsets 0 to [1-9]");
          }
          System.out.printf(
              "[sigterm] stopped %d ms after SIGTERM, %d of %d pages into the poll; %d events after the restart, %d expected%n",
              stopping.toMillis(),
              pagesAtStop,
              bigUsers / pageSize,
              events.size() - mark,
              expected);
          assertThat(events.since(mark))
              .extracting(UserChangeEvent::getType)
              .doesNotContain(ChangeType.USER_DISCOVERED);
          events.assertNetEffect(mark, changes, sim);
          events.assertNoDuplicates();
          events.assertFoldEqualsSimulator(sim, accountIds);
        } finally {
          first.close();
        }
      }
    }
  }

  @Test
  void sigtermWhileStartUpWaitsForTheRegistryExitsAtOnce() throws Exception {
    try (TrutoSimulator sim = TestRoster.simulator(62)) {
      sim.addAccount(SimAccountSpec.of("acct", "slack", "acme").users(10).materialised());
      Path work = Files.createTempDirectory("roster-sigterm-startup");
      Duration startupWait = Duration.ofMinutes(5);
      Path config =
          RunConfigFile.write(
              work,
              sim,
              "http://127.0.0.1:" + closedPort(),
              KafkaBroker.bootstrapServers(),
              "roster-sigterm-startup",
              work.resolve("state"),
              List.of(TestRoster.account("acct", "slack", Map.of())),
              Map.of(RosterConfig.SCHEMA_REGISTRY_STARTUP_WAIT, startupWait.toMinutes() + "m"));
      try (ChildJvm run =
          ChildJvm.start(
              RosterCli.class,
              List.of("run", "--config", config.toString()),
              "256m",
              work.resolve("run.log"))) {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> Files.readString(run.log()).contains("Cannot register Roster's schemas yet"));
        long stopAt = System.nanoTime();
        run.terminate();
        int exitCode = run.waitForExit(60, TimeUnit.SECONDS);
        Duration stopping = Duration.ofNanos(System.nanoTime() - stopAt);

        System.out.printf(
            "[sigterm during start-up] stopped %d ms after SIGTERM%n", stopping.toMillis());
        assertThat(exitCode).as(run.logTail()).isZero();
        assertThat(stopping)
            .as("time from SIGTERM to exit, against a start-up wait of %s", startupWait)
            .isLessThan(startupWait.dividedBy(10));
        // The stopping thread's report, not the main thread's "Stopped during start-up": the signal
        // hook halts the JVM once the closing is done, which may be before main logs (a fresh-clone
        // run lost that line).
        assertThat(Files.readString(run.log()))
            .contains("stopped: nothing had started")
            .doesNotContain("roster run:");
      }
    }
  }

  /**
   * The tasks (directories like 0_1, named "detector 0_1" or "identities 0_1" by the application
   * directory they are in) under {@code stateDir} whose every store holds its checkpoint: since
   * Kafka Streams 4 (KIP-1035) a RocksDB store keeps the changelog offsets it has committed in a
   * column family of its own, "offsets", instead of a task's .checkpoint file.
   */
  private static Set<String> checkpointedTasks(Path stateDir) throws Exception {
    RocksDB.loadLibrary();
    Map<String, Boolean> everyStore = new TreeMap<>();
    try (Stream<Path> dirs =
        Files.find(
            stateDir,
            6,
            (dir, attributes) ->
                dir.getParent() != null
                    && dir.getParent().getFileName().toString().equals("rocksdb")
                    && attributes.isDirectory())) {
      for (Path store : dirs.toList()) {
        Path task = store.getParent().getParent();
        String application =
            task.getParent().getFileName().toString().endsWith("-identities")
                ? "identities"
                : "detector";
        everyStore.merge(
            application + " " + task.getFileName(),
            committedOffsets(store) > 0,
            Boolean::logicalAnd);
      }
    }
    return everyStore.entrySet().stream()
        .filter(Map.Entry::getValue)
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }

  /** How many changelog partitions the RocksDB store in {@code dir} has committed an offset of. */
  private static int committedOffsets(Path dir) throws RocksDBException {
    List<byte[]> families;
    try (Options options = new Options()) {
      families = RocksDB.listColumnFamilies(options, dir.toString());
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (DBOptions options = new DBOptions();
        RocksDB db =
            RocksDB.openReadOnly(
                options,
                dir.toString(),
                families.stream().map(ColumnFamilyDescriptor::new).toList(),
                handles)) {
      int count = 0;
      for (int i = 0; i < families.size(); i++) {
        if (new String(families.get(i), StandardCharsets.UTF_8).equals("offsets")) {
          try (RocksIterator entries = db.newIterator(handles.get(i))) {
            for (entries.seekToFirst(); entries.isValid(); entries.next()) {
              // keyed by changelog partition (beside bookkeeping such as "position" and "status")
              count +=
                  new String(entries.key(), StandardCharsets.UTF_8).matches(".*-changelog-\\d+")
                      ? 1
                      : 0;
            }
          }
        }
      }
      return count;
    } finally {
      handles.forEach(ColumnFamilyHandle::close);
    }
  }

  /** A local port nothing listens on: a registry that is not there. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
