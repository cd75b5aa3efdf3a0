package dev.roster.cli;

import dev.roster.avro.PollStatus;
import dev.roster.config.RosterConfig;
import dev.roster.detect.ChangeDetector;
import dev.roster.detect.DetectorPreflight;
import dev.roster.kafka.DeadLetterWriter;
import dev.roster.kafka.RosterTopics;
import dev.roster.kafka.TopicAdmin;
import dev.roster.ops.OpsFeed;
import dev.roster.ops.OpsServer;
import dev.roster.ops.OpsState;
import dev.roster.ops.ReadinessCheck;
import dev.roster.ops.ReadinessCheck.CheckResult;
import dev.roster.ops.RosterMetrics;
import dev.roster.poll.AccountsTable;
import dev.roster.poll.ObservationWriter;
import dev.roster.poll.PollIds;
import dev.roster.poll.PollRunner;
import dev.roster.poll.PollScheduler;
import dev.roster.poll.Poller;
import dev.roster.registry.RegistryStartup;
import dev.roster.registry.SchemaRegistryClient;
import dev.roster.registry.SchemaRegistryException;
import dev.roster.truto.TrutoClient;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Roster instance: topics checked, schemas registered, the change detector, the accounts
 * table kept in sync, and the poller. Instances with the same application id share the work.
 * Closing stops the poller first (running polls end without a completion marker), then the rest.
 */
public final class RosterService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RosterService.class);

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final RosterTopics topics;
  private OpsServer ops;

  private RosterService(RosterTopics topics) {
    this.topics = topics;
  }

  public RosterTopics topics() {
    return topics;
  }

  /** The status page; {@code /health/live}, {@code /health/ready} and {@code /metrics} beside it. */
  public URI opsUrl() {
    return ops.url();
  }

  public static RosterService start(RosterSettings settings, Clock clock) {
    SchemaRegistryClient registry = new SchemaRegistryClient(settings.registry());
    RosterTopics topics = new RosterTopics(settings.topics(), registry, settings.serde());
    RosterService service = new RosterService(topics);
    try {
      try (Admin admin = Admin.create(settings.kafkaClientProps())) {
        TopicAdmin.ensure(admin, topics.all());
        DetectorPreflight.run(admin, topics, settings.applicationId());
      }
      registerSchemas(registry, topics, settings);

      ChangeDetector detector = new ChangeDetector(topics, settings.detector(), ChangeDetector.streamsConfig(settings.applicationId(),
          settings.kafkaClientProps(), topics, settings.topics().replication(), settings.stateDir().resolve("streams")));
      service.resources.push(detector);
      detector.start();

      AccountsTable accounts = new AccountsTable(topics.accounts, settings.kafkaClientProps());
      ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "roster-accounts"));
      service.resources.push(refresher::shutdownNow);
      syncQuietly(accounts, settings); // an unreachable discovery must not stop start-up: the table keeps what it has
      refresher.scheduleWithFixedDelay(() -> syncQuietly(accounts, settings), settings.accountsRefresh().toMillis(),
          settings.accountsRefresh().toMillis(), TimeUnit.MILLISECONDS);

      OpsState opsState = new OpsState(settings.scheduling().defaultInterval());
      RosterMetrics metrics = new RosterMetrics(opsState, clock);
      service.resources.push(metrics);
      metrics.bind(detector.kafkaStreams());

      TrutoClient truto = new TrutoClient(settings.truto(), metrics);
      service.resources.push(truto);
      ObservationWriter observations = new ObservationWriter(topics, settings.kafkaClientProps(), clock);
      service.resources.push(observations);
      DeadLetterWriter deadLetters = new DeadLetterWriter(topics.deadLetter, settings.kafkaClientProps());
      service.resources.push(deadLetters);
      KafkaProducer<String, PollStatus> statuses = statusProducer(topics, settings);
      service.resources.push(() -> statuses.close(Duration.ofSeconds(10)));
      metrics.bind(statuses);
      PollRunner runner = new PollRunner(truto, observations, deadLetters,
          status -> statuses.send(new ProducerRecord<>(topics.pollStatus.name(), status.getIntegratedAccountId(), status)),
          new PollIds(clock), metrics, clock);
      service.ops = startOps(service, settings, topics, registry, detector, opsState, metrics, clock);
      Poller poller = new Poller(topics.accounts, settings.kafkaClientProps(), settings.applicationId() + "-poller",
          new PollScheduler(settings.scheduling(), System.nanoTime()), runner, settings.scheduling().globalConcurrency(), clock);
      service.resources.push(poller);
      poller.start();
      LOG.info("Roster '{}' is running: topics {}*, registry {}", settings.applicationId(), settings.topics().prefix(),
          settings.registry().urls());
      return service;
    } catch (RuntimeException e) {
      service.close();
      throw e;
    }
  }

  /**
   * Registers every schema before anything is written, waiting for a registry that is not up yet;
   * after this the serdes need the registry no more, so a later outage stops nothing.
   */
  private static void registerSchemas(SchemaRegistryClient registry, RosterTopics topics, RosterSettings settings) {
    Duration wait = settings.registry().startupWait();
    try {
      new RegistryStartup(wait).run("register Roster's schemas", () -> SchemaCheck.registerAll(registry, topics, settings.applicationId()));
    } catch (SchemaRegistryException e) {
      if (!e.isTransient()) {
        throw e;
      }
      throw new CommandFailed("The schema registry did not become available within " + wait + " (" + RosterConfig.SCHEMA_REGISTRY_STARTUP_WAIT
          + "): " + e.getMessage() + ". Check " + RosterConfig.SCHEMA_REGISTRY_URL + " and that the registry is running.");
    }
  }

  /** Status page, health and metrics: a cluster-wide view read from Roster's own topics. */
  private static OpsServer startOps(RosterService service, RosterSettings settings, RosterTopics topics, SchemaRegistryClient registry,
      ChangeDetector detector, OpsState state, RosterMetrics metrics, Clock clock) {
    OpsFeed feed = new OpsFeed(topics, settings.kafkaClientProps(), state);
    service.resources.push(feed);
    Admin admin = Admin.create(settings.kafkaClientProps());
    service.resources.push(admin);
    Map<String, ReadinessCheck> checks = new LinkedHashMap<>();
    checks.put("streams", () -> detector.state() == KafkaStreams.State.RUNNING
        ? CheckResult.up("RUNNING") : CheckResult.down("change detector is " + detector.state()));
    checks.put("kafka", () -> CheckResult.up(admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).size() + " broker(s) reachable"));
    checks.put("registry", () -> CheckResult.up("reachable, global compatibility " + registry.globalCompatibility()));
    OpsServer server = new OpsServer(settings.opsAddress(), state, metrics, checks, clock);
    service.resources.push(server);
    LOG.info("Status page on {} (health: /health/live, /health/ready; metrics: /metrics)", server.url());
    return server;
  }

  private static void syncQuietly(AccountsTable accounts, RosterSettings settings) {
    try {
      accounts.sync(settings.accounts().get());
    } catch (RuntimeException e) {
      LOG.warn("Could not refresh the accounts table; keeping the current one: {}", e.getMessage());
    }
  }

  private static KafkaProducer<String, PollStatus> statusProducer(RosterTopics topics, RosterSettings settings) {
    Map<String, Object> props = new HashMap<>(settings.kafkaClientProps());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "roster-poll-status");
    return new KafkaProducer<>(props, topics.pollStatus.keySerde().serializer(), topics.pollStatus.valueSerde().serializer());
  }

  /** Stops the poller first, so no poll is left half-written and marked complete, then everything else. */
  @Override
  public void close() {
    while (!resources.isEmpty()) {
      AutoCloseable resource = resources.pop();
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("Error while stopping {}", resource, e);
      }
    }
  }
}
