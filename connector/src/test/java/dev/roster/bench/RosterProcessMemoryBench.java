package dev.roster.bench;

import dev.roster.cli.RosterCli;
import dev.roster.config.RosterConfig;
import dev.roster.registry.AvroSerdeConfig;
import dev.roster.registry.RegistryClientConfig;
import dev.roster.registry.SchemaRegistryClient;
import dev.roster.sim.SimAccountSpec;
import dev.roster.testing.ChildJvm;
import dev.roster.topics.RosterTopics;
import dev.roster.topics.TopicSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Roster's own memory and GC time: {@code roster run} in a JVM of its own (heap capped at {@code
 * maxHeap}, production defaults, the identity stage on) polls one generated account of {@code
 * users} users end to end ({@code polls} times: the first is the baseline, later ones re-poll the
 * unchanged users, which go as fingerprints), while the broker, the registry, the simulator and the
 * readers that time it run in this JVM. Reports the child's heap after each collection (the live
 * set), its GC pauses as a share of the run, and its peak resident memory. Not a test.
 */
public final class RosterProcessMemoryBench {

  private static final Duration TIMEOUT = Duration.ofMinutes(30);

  /** A G1 or serial pause line of -Xlog:gc: "Pause Young (Normal) (...) 24M->8M(128M) 3.456ms". */
  private static final Pattern PAUSE =
      Pattern.compile("Pause .*? (\\d+)M->(\\d+)M\\((\\d+)M\\) ([\\d.]+)ms");

  public static void main(String[] args) throws Exception {
    int users = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    String maxHeap = args.length > 1 ? args[1] : "128m";
    int polls = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    // Further configuration as key=value pairs, e.g. identities.enabled=false to measure without
    // it.
    Map<String, String> overrides = new LinkedHashMap<>();
    if (polls > 1) {
      // Polls back to back: the next starts as soon as the last completed.
      overrides.put(RosterConfig.POLL_INTERVAL, "1s");
    }
    for (int i = 3; i < args.length; i++) {
      String[] pair = args[i].split("=", 2);
      overrides.put(pair[0], pair[1]);
    }
    int partitions = TopicSettings.DEFAULT_PARTITIONS;
    try (BenchRig rig = BenchRig.start(19, 1_000)) {
      rig.addAccount(
          SimAccountSpec.of("large", "googleworkspace", BenchTruto.TENANT)
              .users(users)
              .generated());
      Path work = Files.createTempDirectory("roster-process-memory");
      String applicationId = "bench-process";
      Path config = config(work, rig, applicationId, partitions, overrides);
      Path gcLog = work.resolve("gc.log");
      RosterTopics topics =
          new RosterTopics(
              TopicSettings.singleBroker(applicationId + ".", partitions),
              new SchemaRegistryClient(RegistryClientConfig.of(rig.registryUrl())),
              AvroSerdeConfig.DEFAULTS);
      // Created up front, as Roster would at start-up, so the readers follow them from the start.
      try (org.apache.kafka.clients.admin.Admin admin =
          org.apache.kafka.clients.admin.Admin.create(rig.kafkaClientProps())) {
        dev.roster.topics.TopicAdmin.ensure(admin, topics.all());
      }
      CommittedReader.Counter<byte[], byte[]> events = new CommittedReader.Counter<>();
      CommittedReader.Counter<byte[], byte[]> summaries = new CommittedReader.Counter<>();
      try (var eventReader =
              CommittedReader.committedBytes(
                  rig.bootstrapServers(), topics.userEvents.name(), events);
          var summaryReader =
              CommittedReader.committedBytes(
                  rig.bootstrapServers(), topics.pollSummaries.name(), summaries);
          ChildJvm roster =
              ChildJvm.start(
                  RosterCli.class,
                  List.of("-Xlog:gc:file=" + gcLog, "-XX:+UseG1GC"),
                  List.of("run", "--config", config.toString()),
                  maxHeap,
                  work.resolve("roster.log"))) {
        long started = System.nanoTime();
        BenchRig.await(
            "the poll of " + users + " users",
            TIMEOUT,
            () -> summaries.count() >= partitions && events.count() >= users);
        double seconds = (System.nanoTime() - started) / 1e9;
        for (int poll = 2; poll <= polls; poll++) {
          long wanted = (long) partitions * poll;
          long repollStarted = System.nanoTime();
          BenchRig.await("re-poll " + (poll - 1), TIMEOUT, () -> summaries.count() >= wanted);
          System.out.printf(
              "re-poll %d of %,d unchanged users: %.1f s after the previous poll's last summary%n",
              poll - 1, users, (System.nanoTime() - repollStarted) / 1e9);
        }
        seconds = (System.nanoTime() - started) / 1e9;
        long peakRssKb = peakRssKb(roster.pid());
        roster.terminate();
        roster.waitForExit(60, java.util.concurrent.TimeUnit.SECONDS);
        report(users, maxHeap, seconds, peakRssKb, Files.readAllLines(gcLog), roster.log());
      }
    }
  }

  private static void report(
      int users, String maxHeap, double seconds, long peakRssKb, List<String> gc, Path log) {
    List<Long> liveMb = new ArrayList<>();
    double pauseMs = 0;
    int pauses = 0;
    int full = 0;
    for (String line : gc) {
      Matcher m = PAUSE.matcher(line);
      if (m.find()) {
        liveMb.add(Long.parseLong(m.group(2)));
        pauseMs += Double.parseDouble(m.group(4));
        pauses++;
        if (line.contains("Pause Full")) {
          full++;
        }
      }
    }
    List<Long> sorted = liveMb.stream().sorted().toList();
    System.out.printf(
        "roster run in its own JVM (-Xmx%s, G1), one account of %,d users, start to the last summary of"
            + " the last poll: %.1f s (start-up included)%n",
        maxHeap, users, seconds);
    System.out.printf(
        "  heap after GC: max %d MB, median %d MB over %d pauses (%d full); GC pauses %.1f s = %.2f %% of the run;"
            + " peak RSS %,d MB; load average %s%n",
        sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1),
        sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2),
        pauses,
        full,
        pauseMs / 1000,
        100 * pauseMs / 1000 / seconds,
        peakRssKb / 1024,
        BenchProbe.loadAverage());
    System.out.println("  (the child's log: " + log + ")");
  }

  private static long peakRssKb(long pid) throws java.io.IOException {
    return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
        .filter(line -> line.startsWith("VmHWM:"))
        .map(line -> Long.parseLong(line.replaceAll("\\D+", "")))
        .findFirst()
        .orElse(-1L);
  }

  /** roster.properties and accounts.yaml, as an operator writes them. */
  private static Path config(
      Path dir, BenchRig rig, String applicationId, int partitions, Map<String, String> overrides)
      throws java.io.IOException {
    Path accounts = dir.resolve("accounts.yaml");
    Files.writeString(
        accounts,
        "accounts:\n"
            + rig.accounts().stream()
                .map(
                    a ->
                        "  - id: \""
                            + a.getId()
                            + "\"\n    integration: \""
                            + a.getIntegration()
                            + "\"\n    tenant_id: \""
                            + a.getTenantId()
                            + "\"\n")
                .collect(Collectors.joining()));
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put(RosterConfig.TRUTO_BASE_URL, rig.sim().baseUrl());
    keys.put(RosterConfig.TRUTO_API_TOKEN, BenchTruto.TOKEN);
    keys.put(RosterConfig.TRUTO_ACCOUNT_BUDGET_REQUESTS, "100000");
    keys.put(RosterConfig.TRUTO_ACCOUNT_BUDGET_WINDOW, "1s");
    keys.put(RosterConfig.TRUTO_TOKEN_BUDGET_REQUESTS, "100000");
    keys.put(RosterConfig.TRUTO_TOKEN_BUDGET_WINDOW, "1s");
    keys.put(RosterConfig.KAFKA_BOOTSTRAP_SERVERS, rig.bootstrapServers());
    keys.put(RosterConfig.SCHEMA_REGISTRY_URL, rig.registryUrl());
    keys.put(RosterConfig.APPLICATION_ID, applicationId);
    keys.put(RosterConfig.STATE_DIR, dir.resolve("state").toString());
    keys.put(RosterConfig.ACCOUNTS_FILE, accounts.toString());
    keys.put(RosterConfig.POLL_INTERVAL, "1d");
    keys.put(RosterConfig.POLL_JITTER, "0"); // the first poll at once, not spread over the day
    keys.put(RosterConfig.TOPICS_PREFIX, applicationId + ".");
    keys.put(RosterConfig.TOPICS_PARTITIONS, Integer.toString(partitions));
    keys.put(RosterConfig.TOPICS_REPLICATION, "1");
    keys.put(RosterConfig.OPS_PORT, "0");
    keys.putAll(overrides);
    System.out.println("configuration overrides: " + overrides);
    Path file = dir.resolve("roster.properties");
    Files.writeString(
        file,
        keys.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("\n", "", "\n")));
    return file;
  }
}
