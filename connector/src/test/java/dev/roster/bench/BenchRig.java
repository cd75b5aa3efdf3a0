package dev.roster.bench;

import dev.roster.app.RosterService;
import dev.roster.app.RosterSettings;
import dev.roster.avro.AccountSource;
import dev.roster.avro.IntegratedAccount;
import dev.roster.config.RosterConfig;
import dev.roster.detect.ChangeDetector;
import dev.roster.detect.DetectorSettings;
import dev.roster.embedded.EmbeddedKafkaBroker;
import dev.roster.ops.OpsSettings;
import dev.roster.poll.AccountRemovalGuard;
import dev.roster.poll.AccountsTable;
import dev.roster.poll.BackoffPolicy;
import dev.roster.poll.PollScheduler;
import dev.roster.registry.AvroSerdeConfig;
import dev.roster.registry.RegistryClientConfig;
import dev.roster.registry.server.EmbeddedSchemaRegistry;
import dev.roster.sim.SimAccountSpec;
import dev.roster.sim.TrutoSimulator;
import dev.roster.topics.TopicSettings;
import dev.roster.topics.TopicSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Everything a Roster benchmark runs against, in this JVM: the production in-process Kafka broker
 * (dev.roster.embedded), the embedded schema registry on it, and the Truto simulator; and the
 * settings of a Roster instance pointed at them. Accounts are polled when the benchmark says so
 * ({@link #pollAllNow()}), not on a timer, so each round of polls has a clear start and end.
 */
final class BenchRig implements AutoCloseable {

  /** Poll interval of every account: long enough that only {@link #pollAllNow()} starts polls. */
  private static final long INTERVAL_SECONDS = 3600;

  private final Path dataDir;
  private final EmbeddedKafkaBroker broker;
  private final EmbeddedSchemaRegistry registry;
  private final TrutoSimulator sim;
  private final AtomicReference<List<IntegratedAccount>> accounts =
      new AtomicReference<>(List.of());

  /**
   * What Roster is told to poll: nothing until {@link #pollAllNow}, so start-up is not timed as
   * throughput.
   */
  private final AtomicReference<List<IntegratedAccount>> published =
      new AtomicReference<>(List.of());

  private int round;

  private BenchRig(
      Path dataDir,
      EmbeddedKafkaBroker broker,
      EmbeddedSchemaRegistry registry,
      TrutoSimulator sim) {
    this.dataDir = dataDir;
    this.broker = broker;
    this.registry = registry;
    this.sim = sim;
  }

  static BenchRig start(long seed, int requestLog) {
    try {
      Path dataDir = Files.createTempDirectory("roster-bench");
      EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir.resolve("kafka"), 0);
      EmbeddedSchemaRegistry registry =
          EmbeddedSchemaRegistry.start(
              EmbeddedSchemaRegistry.Settings.local(broker.bootstrapServers()));
      return new BenchRig(dataDir, broker, registry, BenchTruto.simulator(seed, requestLog));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  TrutoSimulator sim() {
    return sim;
  }

  String bootstrapServers() {
    return broker.bootstrapServers();
  }

  String registryUrl() {
    return registry.url();
  }

  Map<String, Object> kafkaClientProps() {
    return Map.of("bootstrap.servers", broker.bootstrapServers());
  }

  /** Adds the account to the simulator and to the accounts Roster polls. */
  void addAccount(SimAccountSpec spec) {
    sim.addAccount(spec.vendorPageSize(BenchTruto.PAGE_SIZE));
    List<IntegratedAccount> next = new ArrayList<>(accounts.get());
    next.add(
        IntegratedAccount.newBuilder()
            .setId(spec.id())
            .setIntegration(spec.integration())
            .setTenantId(spec.tenantId())
            .setQuery(Map.of())
            .setIntervalSeconds(INTERVAL_SECONDS)
            .setEnabled(true)
            .setSource(AccountSource.CONFIG)
            .build());
    accounts.set(List.copyOf(next));
  }

  List<IntegratedAccount> accounts() {
    return accounts.get();
  }

  /**
   * One Roster instance's settings: this rig's broker, registry and simulator, the production
   * defaults elsewhere (Streams' exactly-once commit interval of 100 ms, lz4 observations), a topic
   * prefix of its own, and polls started only by {@link #pollAllNow}.
   */
  RosterSettings settings(String applicationId, int partitions, int pollConcurrency) {
    return settings(applicationId, partitions, pollConcurrency, true);
  }

  /**
   * @param unchangedAsFingerprints false for a Roster whose poller sends every user in full, as
   *     Roster 0.1.0
   */
  RosterSettings settings(
      String applicationId, int partitions, int pollConcurrency, boolean unchangedAsFingerprints) {
    try {
      return new RosterSettings(
          BenchTruto.clientSettings(sim),
          kafkaClientProps(),
          RegistryClientConfig.of(registry.url()),
          AvroSerdeConfig.DEFAULTS,
          TopicSettings.singleBroker(applicationId + ".", partitions),
          DetectorSettings.defaults(),
          dev.roster.identity.IdentitySettings.defaults().withEnabled(false),
          new PollScheduler.Settings(
              Duration.ofSeconds(INTERVAL_SECONDS),
              Map.of(),
              0.0,
              pollConcurrency,
              Map.of(),
              BackoffPolicy.DEFAULTS),
          applicationId,
          Files.createTempDirectory(dataDir, "state-"),
          truto -> published.get(),
          Duration.ofHours(1),
          AccountRemovalGuard.DEFAULTS,
          OpsSettings.open(new InetSocketAddress("127.0.0.1", 0)),
          ChangeDetector.DEFAULT_ROCKSDB_MEMORY_BYTES,
          RosterConfig.fromMap(Map.of()).shutdownTimeout(),
          unchangedAsFingerprints);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Makes every account due now: the first time by handing Roster the accounts, later by nudging
   * their interval by a second (a changed account is polled at once: PollScheduler.upsert).
   */
  void pollAllNow(RosterSettings settings, TopicSpec<String, IntegratedAccount> accountsTopic) {
    if (round++ > 0) {
      int nudge = round;
      accounts.set(
          accounts.get().stream()
              .map(
                  account ->
                      IntegratedAccount.newBuilder(account)
                          .setIntervalSeconds(INTERVAL_SECONDS + nudge)
                          .build())
              .toList());
    }
    published.set(accounts.get());
    new AccountsTable(accountsTopic, settings.kafkaClientProps())
        .sync(published.get(), Map.of(), settings.accountsGuard());
  }

  /**
   * Waits until the instance says it is ready (change detector running, broker and registry
   * reachable).
   */
  static void awaitReady(RosterService roster) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest ready = HttpRequest.newBuilder(roster.opsUrl().resolve("/health/ready")).build();
    await(
        "Roster to be ready",
        Duration.ofMinutes(2),
        () -> {
          try {
            return http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
          } catch (IOException e) {
            return false;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        });
  }

  /**
   * Nanos ({@link System#nanoTime()}) when the simulator received the oldest request in its log.
   */
  long firstRequestNanos() {
    return sim.requests().all().stream().mapToLong(r -> r.receivedAtNanos()).min().orElseThrow();
  }

  /** Waits until {@code condition} holds, failing after {@code timeout}. */
  static void await(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(5);
    }
  }

  @Override
  public void close() {
    sim.close();
    registry.close();
    broker.close();
  }
}
