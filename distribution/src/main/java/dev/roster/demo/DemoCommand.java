package dev.roster.demo;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.roster.app.RosterApp;
import dev.roster.app.RosterService;
import dev.roster.app.RosterSettings;
import dev.roster.app.ShutdownSequence.Stage;
import dev.roster.config.Durations;
import dev.roster.config.RosterConfig;
import dev.roster.embedded.EmbeddedKafkaBroker;
import dev.roster.registry.server.EmbeddedSchemaRegistry;
import dev.roster.sim.SimDemoStory;
import dev.roster.sim.TrutoSimulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Everything in one process, nothing to install: an in-process Kafka broker, the embedded schema
 * registry, the Truto simulator with churn, and Roster itself, on loopback; then a live feed.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Run Roster end to end on this machine with nothing installed: an in-process Kafka broker, a schema registry, "
            + "a simulated Truto with churn, and a live feed of the change events. Ctrl-C stops it.")
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--data-dir",
      defaultValue = "demo-data",
      description = "Where the broker and Roster keep their data. Default: ${DEFAULT-VALUE}")
  Path dataDir;

  @Option(names = "--fresh", description = "Delete the data directory first and start over.")
  boolean fresh;

  @Option(
      names = "--kafka-port",
      defaultValue = "19092",
      description = "Broker port on 127.0.0.1. Default: ${DEFAULT-VALUE}")
  int kafkaPort;

  @Option(
      names = "--registry-port",
      defaultValue = "18081",
      description = "Schema registry port on 127.0.0.1. Default: ${DEFAULT-VALUE}")
  int registryPort;

  @Option(
      names = "--simulator-port",
      defaultValue = "18080",
      description = "Truto simulator port on 127.0.0.1. Default: ${DEFAULT-VALUE}")
  int simulatorPort;

  @Option(
      names = "--ops-port",
      defaultValue = "18088",
      description = "Status page, health and metrics port on 127.0.0.1. Default: ${DEFAULT-VALUE}")
  int opsPort;

  @Option(
      names = "--poll-interval",
      defaultValue = "20s",
      description = "How often each account is polled. Default: ${DEFAULT-VALUE}")
  String pollInterval;

  @Option(
      names = "--summary-every",
      defaultValue = "30s",
      description = "How often the feed prints totals. Default: ${DEFAULT-VALUE}")
  String summaryEvery;

  @Option(
      names = "--story-leave-after",
      defaultValue = "22s",
      hidden = true,
      description =
          "When the simulator's scripted leaver leaves globex's identity provider (once Roster listed"
              + " globex's accounts). Default: ${DEFAULT-VALUE}")
  String storyLeaveAfter;

  @Option(
      names = "--story-offboard-after",
      defaultValue = "50s",
      hidden = true,
      description =
          "How long after leaving the scripted leaver is offboarded from globex's apps. Default:"
              + " ${DEFAULT-VALUE}")
  String storyOffboardAfter;

  @Option(
      names = "--verbose",
      description = "Show Roster's own log lines between the feed's lines.")
  boolean verbose;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (!verbose) {
      // The feed is the demo's output; Roster's own progress lines would drown it, and so would the
      // in-process broker's start-up warnings (its offsets topic is created on first use). Errors
      // still show; --verbose shows everything.
      quiet("dev.roster", Level.WARN);
      quiet("kafka", Level.ERROR);
      quiet("org.apache.kafka", Level.ERROR);
    }
    if (fresh) {
      deleteRecursively(dataDir);
    }
    Files.createDirectories(dataDir);
    Instant started = Instant.now();
    // The broker, registry and simulator start before the demo's configuration can name them; it
    // keeps shutdown.timeout's default.
    return RosterApp.run(
        RosterConfig.fromMap(Map.of()).shutdownTimeout(),
        app -> {
          out.println("Starting the Roster demo in " + dataDir.toAbsolutePath() + " …");
          out.flush();
          EmbeddedKafkaBroker broker =
              app.add(
                  Stage.SUPPORT,
                  "Kafka broker",
                  EmbeddedKafkaBroker.start(dataDir.resolve("kafka"), kafkaPort));
          EmbeddedSchemaRegistry registry =
              app.add(
                  Stage.SUPPORT,
                  "schema registry",
                  EmbeddedSchemaRegistry.start(
                      new EmbeddedSchemaRegistry.Settings(
                          EmbeddedSchemaRegistry.Settings.DEFAULT_HOST,
                          registryPort,
                          EmbeddedSchemaRegistry.Settings.DEFAULT_TOPIC,
                          Map.of("bootstrap.servers", broker.bootstrapServers()))));
          TrutoSimulator sim =
              app.add(
                  Stage.SUPPORT,
                  "Truto simulator",
                  TrutoSimulator.startDemo(
                      InetAddress.getLoopbackAddress().getHostAddress(),
                      simulatorPort,
                      42,
                      new SimDemoStory.Timing(
                          Durations.parse(storyLeaveAfter), Durations.parse(storyOffboardAfter))));
          RosterConfig config = demoConfig(broker, registry, sim);
          RosterService roster = app.start(RosterSettings.from(config));
          DemoFeed feed =
              new DemoFeed(
                  roster.topics(),
                  config.topicSettings().partitions(),
                  config.kafkaClientProps(),
                  started,
                  Durations.parse(summaryEvery),
                  out);
          app.add(
              Stage.INPUT,
              "feed",
              feed,
              budget -> {
                out.println("Stopping…");
                out.flush();
                feed.close();
              });
          sim.demoStory().ifPresent(story -> story.onStep(feed::story));
          printWelcome(out, started, broker, registry, sim, roster);
          // Runs until Ctrl-C or SIGTERM: RosterApp's signal handling closes every part and ends
          // the process.
          return () -> {
            new CountDownLatch(1).await();
            return 0;
          };
        });
  }

  private static void quiet(String logger, Level level) {
    ((Logger) LoggerFactory.getLogger(logger)).setLevel(level);
  }

  private void printWelcome(
      PrintWriter out,
      Instant started,
      EmbeddedKafkaBroker broker,
      EmbeddedSchemaRegistry registry,
      TrutoSimulator sim,
      RosterService roster) {
    out.printf(
        "%nRoster demo is running (started in %.1f s). Attach any Kafka or schema-registry client:%n",
        Duration.between(started, Instant.now()).toMillis() / 1000.0);
    out.println("  Kafka bootstrap servers  " + broker.bootstrapServers());
    out.println("  Schema registry          " + registry.url());
    out.println(
        "  Truto simulator          "
            + sim.baseUrl()
            + "  (token "
            + TrutoSimulator.DEMO_API_TOKEN
            + ")");
    out.println("  Status page              " + roster.opsUrl() + "  (/metrics, /health/ready)");
    out.println(
        "  Topics                   "
            + roster.topics().userEvents.name()
            + ", "
            + roster.topics().users.name()
            + ", "
            + roster.topics().pollStatus.name()
            + ", "
            + roster.topics().pollSummaries.name()
            + ", "
            + roster.topics().identities.name()
            + ", "
            + roster.topics().identityAlerts.name());
    out.println(
        "  Data                     " + dataDir.toAbsolutePath() + "  (--fresh starts over)");
    out.println(
        "Live feed (baselines first, then changes as the simulator churns, and identity alerts; about"
            + " "
            + storyLeaveAfter
            + " in, someone leaves globex but keeps two apps; Ctrl-C stops):");
    out.flush();
  }

  private RosterConfig demoConfig(
      EmbeddedKafkaBroker broker, EmbeddedSchemaRegistry registry, TrutoSimulator sim)
      throws IOException {
    Path accounts = dataDir.resolve("accounts.yaml");
    Files.writeString(
        accounts,
        """
        # Written by the demo: discovery finds the simulator's accounts; GitHub also needs its organization.
        accounts:
          - id: %s
            integration: github
            tenant_id: initech
            query: { organization_id: %s }
        """
            .formatted(
                TrutoSimulator.DEMO_GITHUB_ACCOUNT, TrutoSimulator.DEMO_GITHUB_ORGANIZATION));
    return RosterConfig.fromMap(
        Map.ofEntries(
            Map.entry(RosterConfig.TRUTO_BASE_URL, sim.baseUrl()),
            Map.entry(RosterConfig.TRUTO_API_TOKEN, TrutoSimulator.DEMO_API_TOKEN),
            Map.entry(RosterConfig.KAFKA_BOOTSTRAP_SERVERS, broker.bootstrapServers()),
            Map.entry(RosterConfig.SCHEMA_REGISTRY_URL, registry.url()),
            Map.entry(RosterConfig.APPLICATION_ID, "roster-demo"),
            Map.entry(RosterConfig.STATE_DIR, dataDir.resolve("state").toString()),
            Map.entry(RosterConfig.ACCOUNTS_FILE, accounts.toString()),
            Map.entry(RosterConfig.ACCOUNTS_DISCOVERY_ENABLED, "true"),
            Map.entry(RosterConfig.ACCOUNTS_DISCOVERY_INTERVAL, "1m"),
            Map.entry(RosterConfig.POLL_INTERVAL, pollInterval),
            Map.entry(RosterConfig.TOPICS_PARTITIONS, "3"),
            Map.entry(RosterConfig.TOPICS_REPLICATION, "1"),
            Map.entry(RosterConfig.OPS_HOST, "127.0.0.1"),
            Map.entry(RosterConfig.OPS_PORT, Integer.toString(opsPort)),
            Map.entry("kafka.commit.interval.ms", "500")));
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
