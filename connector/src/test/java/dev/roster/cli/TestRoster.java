package dev.roster.cli;

import dev.roster.app.RosterSettings;
import dev.roster.avro.AccountSource;
import dev.roster.avro.IntegratedAccount;
import dev.roster.config.RosterConfig;
import dev.roster.detect.ChangeDetector;
import dev.roster.detect.DetectorSettings;
import dev.roster.ops.OpsSettings;
import dev.roster.poll.AccountRemovalGuard;
import dev.roster.poll.BackoffPolicy;
import dev.roster.poll.PollScheduler;
import dev.roster.registry.AvroSerdeConfig;
import dev.roster.registry.RegistryClientConfig;
import dev.roster.registry.SchemaRegistryClient;
import dev.roster.registry.server.EmbeddedSchemaRegistry;
import dev.roster.sim.SimAccountSpec;
import dev.roster.sim.SimulatorConfig;
import dev.roster.sim.TrutoSimulator;
import dev.roster.testing.KafkaBroker;
import dev.roster.topics.RosterTopics;
import dev.roster.topics.TopicSettings;
import dev.roster.truto.ApiToken;
import dev.roster.truto.RequestBudget;
import dev.roster.truto.TrutoClientSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import java.util.stream.IntStream;

/** What the end-to-end tests run Roster with: the simulator's token, fast polls, budgets lifted. */
final class TestRoster {

  static final String TOKEN = "it-token-7c3e91";
  static final Duration POLL_INTERVAL = Duration.ofSeconds(2);
  static final int PARTITIONS = 3;

  private TestRoster() {}

  /** A simulator that accepts {@link #TOKEN} and limits nothing. */
  static TrutoSimulator simulator(long seed) {
    return TrutoSimulator.start(
        SimulatorConfig.builder().port(0).apiToken(TOKEN).seed(seed).unlimited().build());
  }

  /** The embedded registry on the test broker, with a schema topic of its own. */
  static EmbeddedSchemaRegistry registry(String name) {
    return EmbeddedSchemaRegistry.start(
        EmbeddedSchemaRegistry.Settings.local(KafkaBroker.bootstrapServers())
            .withTopic(KafkaBroker.handle().uniqueTopic("_schemas-" + name)));
  }

  /**
   * The topics of the instances with {@code applicationId}, as {@link #settings} names them: for
   * reading what a child JVM wrote.
   */
  static RosterTopics topics(String registryUrl, String applicationId) {
    return new RosterTopics(
        topicSettings(applicationId),
        new SchemaRegistryClient(RegistryClientConfig.of(registryUrl)),
        AvroSerdeConfig.DEFAULTS);
  }

  static TopicSettings topicSettings(String applicationId) {
    return TopicSettings.singleBroker(applicationId + ".", PARTITIONS);
  }

  static IntegratedAccount account(String id, String integration, Map<String, String> query) {
    return IntegratedAccount.newBuilder()
        .setId(id)
        .setIntegration(integration)
        .setTenantId("acme")
        .setQuery(query)
        .setEnabled(true)
        .setSource(AccountSource.CONFIG)
        .build();
  }

  /**
   * Adds {@code count} materialised accounts to the simulator, "prefix-1" onwards, taking the
   * integrations in turn, account n with {@code usersOf(n)} users; returns them as Roster lists
   * them.
   */
  static List<IntegratedAccount> addAccounts(
      TrutoSimulator sim,
      String prefix,
      int count,
      List<String> integrations,
      IntUnaryOperator usersOf) {
    return IntStream.rangeClosed(1, count)
        .mapToObj(
            n -> {
              String integration = integrations.get(n % integrations.size());
              sim.addAccount(
                  SimAccountSpec.of(prefix + "-" + n, integration, "acme")
                      .users(usersOf.applyAsInt(n))
                      .materialised());
              return account(prefix + "-" + n, integration, Map.of());
            })
        .toList();
  }

  /**
   * One instance's settings on the test broker; instances with one application id share the work.
   */
  static RosterSettings settings(
      TrutoSimulator sim,
      EmbeddedSchemaRegistry registry,
      String applicationId,
      List<IntegratedAccount> accounts) {
    return settings(sim, registry.url(), KafkaBroker.bootstrapServers(), applicationId, accounts);
  }

  /**
   * {@code base} with another Truto client and poll scheduling, e.g. short timeouts and quick
   * retries.
   */
  static RosterSettings with(
      RosterSettings base, TrutoClientSettings truto, PollScheduler.Settings scheduling) {
    return new RosterSettings(
        truto,
        base.kafkaClientProps(),
        base.registry(),
        base.serde(),
        base.topics(),
        base.detector(),
        base.identities(),
        scheduling,
        base.applicationId(),
        base.stateDir(),
        base.accounts(),
        base.accountsRefresh(),
        base.accountsGuard(),
        base.ops(),
        base.detectorMemoryBytes(),
        base.shutdownTimeout(),
        base.unchangedAsFingerprints());
  }

  static RosterSettings settings(
      TrutoSimulator sim,
      String registryUrl,
      String bootstrapServers,
      String applicationId,
      List<IntegratedAccount> accounts) {
    return settings(
        URI.create(sim.baseUrl()),
        registryUrl,
        bootstrapServers,
        applicationId,
        accounts,
        POLL_INTERVAL);
  }

  /**
   * Settings for a simulator reached by URL alone, e.g. from another JVM, polling every {@code
   * pollInterval}.
   */
  static RosterSettings settings(
      URI trutoBaseUrl,
      String registryUrl,
      String bootstrapServers,
      String applicationId,
      List<IntegratedAccount> accounts,
      Duration pollInterval) {
    try {
      return new RosterSettings(
          TrutoClientSettings.defaults(trutoBaseUrl, ApiToken.of(TOKEN))
              .withBudgets(
                  new RequestBudget(1000, Duration.ofSeconds(1)),
                  new RequestBudget(1000, Duration.ofSeconds(1))),
          Map.of("bootstrap.servers", bootstrapServers, "commit.interval.ms", 100),
          RegistryClientConfig.of(registryUrl),
          AvroSerdeConfig.DEFAULTS,
          topicSettings(applicationId),
          DetectorSettings.defaults(),
          dev.roster.identity.IdentitySettings.defaults(),
          new PollScheduler.Settings(
              pollInterval, Map.of(), 0.1, 4, Map.of(), BackoffPolicy.DEFAULTS),
          applicationId,
          Files.createTempDirectory("roster-e2e"),
          truto -> accounts,
          Duration.ofMinutes(5),
          AccountRemovalGuard.DEFAULTS,
          OpsSettings.open(new InetSocketAddress("127.0.0.1", 0)),
          ChangeDetector.DEFAULT_ROCKSDB_MEMORY_BYTES,
          RosterConfig.fromMap(Map.of()).shutdownTimeout(),
          true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
