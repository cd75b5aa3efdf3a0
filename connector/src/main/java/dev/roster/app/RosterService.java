package dev.roster.app;

import dev.roster.app.ShutdownSequence.Stage;
import dev.roster.avro.PollStatus;
import dev.roster.config.RosterConfig;
import dev.roster.detect.ChangeDetector;
import dev.roster.detect.DetectorPreflight;
import dev.roster.detect.StreamsApp;
import dev.roster.identity.IdentityProviders;
import dev.roster.identity.IdentityStage;
import dev.roster.identity.UsersWithoutKey;
import dev.roster.kafka.DeadLetterWriter;
import dev.roster.kafka.ProducerCompression;
import dev.roster.ops.HealthCheck;
import dev.roster.ops.HealthCheck.CheckResult;
import dev.roster.ops.HealthChecks;
import dev.roster.ops.HealthRules;
import dev.roster.ops.OpsFeed;
import dev.roster.ops.OpsServer;
import dev.roster.ops.OpsState;
import dev.roster.ops.RosterMetrics;
import dev.roster.poll.AccountsTable;
import dev.roster.poll.LastCompletedPoll;
import dev.roster.poll.NotPolledReporter;
import dev.roster.poll.ObservationWriter;
import dev.roster.poll.OwnershipListener;
import dev.roster.poll.PollIds;
import dev.roster.poll.PollRunner;
import dev.roster.poll.PollScheduler;
import dev.roster.poll.Poller;
import dev.roster.poll.SentFingerprints;
import dev.roster.registry.SchemaRegistryClient;
import dev.roster.registry.SchemaRegistryException;
import dev.roster.topics.RosterTopics;
import dev.roster.topics.TopicAdmin;
import dev.roster.truto.TrutoClient;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Roster instance: topics checked, schemas registered, the change detector, one Truto
 * client, the accounts table kept in sync (by the instance that leads, see {@link
 * AccountsRefresher}), and the poller. Instances with the same application id share the work and
 * the token's budget. Closing stops the poller first (running polls end without a completion
 * marker), then the change detector (commit, checkpoints, leave the group), then flushes the
 * producers, within one budget ({@link ShutdownSequence}). Closing may come from another thread at
 * any time, start-up included: start-up then stops where it is, and {@link #start()} throws {@link
 * ShutdownSequence.Stopped}.
 */
public final class RosterService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RosterService.class);

  /** What closing the start-up admin client may wait for calls still pending. */
  private static final Duration STARTUP_ADMIN_CLOSE = Duration.ofSeconds(5);

  private final RosterSettings settings;
  private final Clock clock;
  private final SchemaRegistryClient registry;
  private final RosterTopics topics;
  private final ShutdownSequence parts = new ShutdownSequence();
  private final CompletableFuture<String> failure = new CompletableFuture<>();
  private final Object startLock = new Object();
  private Thread starting; // guarded by startLock
  private volatile boolean stopRequested;
  private volatile OpsServer ops;
  private volatile TrutoClient truto;

  private RosterService(RosterSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.registry = new SchemaRegistryClient(settings.registry());
    this.topics = new RosterTopics(settings.topics(), registry, settings.serde());
  }

  public RosterTopics topics() {
    return topics;
  }

  /**
   * The status page; {@code /health/live}, {@code /health/ready} and {@code /metrics} beside it.
   */
  public URI opsUrl() {
    return ops.url();
  }

  /**
   * An instance that has done nothing yet: {@link #start()} does the work; {@link #close} may come
   * before, during or after it.
   */
  static RosterService create(RosterSettings settings, Clock clock) {
    return new RosterService(settings, clock);
  }

  /** Creates and starts an instance. */
  public static RosterService start(RosterSettings settings, Clock clock) {
    RosterService service = create(settings, clock);
    service.start();
    return service;
  }

  /**
   * Checks the topics, registers the schemas (waiting for a registry that is not up yet), then
   * starts the detector, the accounts refresher, the status page and the poller.
   *
   * @throws ShutdownSequence.Stopped when {@link #close} came from another thread meanwhile
   */
  public void start() {
    synchronized (startLock) {
      starting = Thread.currentThread();
    }
    try {
      startParts();
    } catch (RuntimeException | Error e) {
      if (stopRequested) {
        throw e instanceof ShutdownSequence.Stopped stopped
            ? stopped
            : new ShutdownSequence.Stopped("start-up stopped", e);
      }
      close();
      throw e;
    } finally {
      synchronized (startLock) {
        starting = null;
        if (stopRequested) {
          Thread.interrupted(); // close() interrupted start-up to cut a wait short; the caller's
          // thread goes on
        }
      }
    }
  }

  private void startParts() {
    Admin startupAdmin = Admin.create(settings.kafkaClientProps());
    try {
      TopicAdmin.ensure(startupAdmin, topics.all());
      DetectorPreflight.run(startupAdmin, topics, settings.applicationId());
    } finally {
      startupAdmin.close(STARTUP_ADMIN_CLOSE);
    }
    registerSchemas(registry, topics, settings);

    // Which accounts are identity providers: learnt from roster.accounts by the status feed below.
    IdentityProviders identityProviders =
        new IdentityProviders(settings.identities().idpIntegrations());
    UsersWithoutKey usersWithoutKey = new UsersWithoutKey();
    boolean identities = settings.identities().enabled();
    long identityMemory =
        identities
            ? (long) (settings.detectorMemoryBytes() * IdentityStage.ROCKSDB_MEMORY_SHARE)
            : 0;
    ChangeDetector detector =
        new ChangeDetector(
            topics,
            settings.detector(),
            streamsConfig(settings.applicationId(), topics),
            settings.detectorMemoryBytes() - identityMemory);
    parts.add(Stage.PROCESSING, "change detector", detector, detector::close);
    detector.failure().thenAccept(e -> failed("the change detector", e));
    detector.start();
    Optional<StreamsApp> identityStage = Optional.empty();
    if (identities) {
      Properties config =
          streamsConfig(IdentityStage.applicationId(settings.applicationId()), topics);
      config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, IdentityStage.COMMIT_INTERVAL_MS);
      IdentityStage stageTopology =
          new IdentityStage(settings.identities(), identityProviders, usersWithoutKey);
      StreamsApp stage =
          new StreamsApp(
              "Identity stage",
              () -> stageTopology.topology(topics, Clock.systemUTC()),
              config,
              identityMemory);
      parts.add(Stage.PROCESSING, "identity stage", stage, stage::close);
      stage.failure().thenAccept(e -> failed("the identity stage", e));
      stage.start();
      identityStage = Optional.of(stage);
    }

    OpsState opsState = new OpsState(settings.scheduling().defaultInterval());
    if (identities) {
      opsState.showUsersWithoutKey(usersWithoutKey::byTenant);
    }
    RosterMetrics metrics = parts.add(Stage.SUPPORT, "metrics", new RosterMetrics(opsState, clock));
    metrics.bind(detector.kafkaStreams());
    identityStage.ifPresent(stage -> metrics.bind(stage.kafkaStreams()));

    // One client, so one pacer, for discovery and every poll: the instance's share of the token's
    // budget is its own.
    TrutoClient truto =
        parts.add(Stage.SUPPORT, "Truto client", new TrutoClient(settings.truto(), metrics));
    this.truto = truto;
    truto.shareTokenBudget(
        0,
        settings
            .topics()
            .partitions()); // owns nothing until the poller's group assigns it partitions
    AccountsRefresher refresher =
        new AccountsRefresher(
            new AccountsTable(topics.accounts, settings.kafkaClientProps()),
            () -> settings.accounts().apply(truto),
            settings.accountsRefresh(),
            settings.accountsGuard(),
            metrics);
    parts.add(Stage.INPUT, "accounts refresher", refresher, refresher::close);

    ObservationWriter observations =
        parts.add(
            Stage.OUTPUT,
            "observations producer",
            new ObservationWriter(topics, settings.kafkaClientProps(), clock));
    DeadLetterWriter deadLetters =
        new DeadLetterWriter(topics.deadLetter, settings.kafkaClientProps());
    parts.add(Stage.OUTPUT, "dead-letter producer", deadLetters, deadLetters::close);
    KafkaProducer<String, PollStatus> statuses = statusProducer(topics, settings);
    parts.add(Stage.OUTPUT, "poll-status producer", statuses, statuses::close);
    metrics.bind(statuses);
    // What the poller remembers of its accounts' last complete polls, forgotten for users the
    // detector asks for in full (read from the poll summaries by the status feed) and for accounts
    // that leave this instance.
    SentFingerprints sentFingerprints =
        new SentFingerprints(settings.unchangedAsFingerprints(), settings.detector().diffRules());
    OpsFeed opsFeed =
        parts.add(
            Stage.SUPPORT,
            "status feed",
            new OpsFeed(
                topics,
                settings.kafkaClientProps(),
                opsState,
                identityProviders::apply,
                sentFingerprints::asked));
    Consumer<PollStatus> statusWriter =
        status ->
            statuses.send(
                new ProducerRecord<>(
                    topics.pollStatus.name(),
                    status.getIntegratedAccountId(),
                    LastCompletedPoll.stamp(
                        status, opsState.lastCompletePoll(status.getIntegratedAccountId()))));
    PollIds pollIds = new PollIds(clock, opsFeed, PollIds.CATCH_UP_WAIT);
    PollRunner runner =
        new PollRunner(
            truto,
            observations,
            deadLetters,
            statusWriter,
            pollIds,
            metrics,
            sentFingerprints,
            clock);
    NotPolledReporter notPolled =
        parts.add(
            Stage.INPUT,
            "not-polled reporter",
            new NotPolledReporter(pollIds, statusWriter, clock, settings.accountsRefresh()));
    Poller poller =
        new Poller(
            topics.accounts,
            settings.kafkaClientProps(),
            settings.applicationId() + "-poller",
            new PollScheduler(settings.scheduling(), System.nanoTime()),
            runner,
            deadLetters,
            settings.scheduling().globalConcurrency(),
            clock,
            OwnershipListener.all(pollIds, notPolled, sentFingerprints),
            ownership -> {
              truto.shareTokenBudget(ownership.owned(), ownership.partitionCount());
              refresher.ownershipChanged(ownership);
            });
    parts.add(Stage.INPUT, "poller", poller, poller::close);
    ops = startOps(detector, identityStage, poller, opsState, metrics);
    poller.failure().thenAccept(e -> failed("the poller", e));
    poller.start();
    LOG.info(
        "Roster '{}' is running: topics {}*, registry {}",
        settings.applicationId(),
        settings.topics().prefix(),
        settings.registry().urls());
  }

  /**
   * Requests per window of the token's budget this instance may send now: its share, which follows
   * the partitions it owns.
   */
  public int tokenShare() {
    return truto == null ? 0 : truto.tokenShare();
  }

  /**
   * Completes, with what happened in words, when the poller or the change detector cannot go on:
   * the process must restart.
   */
  public CompletableFuture<String> failure() {
    return failure.copy();
  }

  private void failed(String part, Throwable cause) {
    if (failure.complete(part + " cannot go on: " + cause)) {
      LOG.error(
          "Roster '{}' is no longer live: {} cannot go on", settings.applicationId(), part, cause);
    }
  }

  /**
   * Registers every schema before anything is written, waiting for a registry that is not up yet;
   * after this the serdes need the registry no more, so a later outage stops nothing.
   */
  private static void registerSchemas(
      SchemaRegistryClient registry, RosterTopics topics, RosterSettings settings) {
    Duration wait = settings.registry().startupWait();
    try {
      new RegistryStartup(wait)
          .run(
              "register Roster's schemas",
              () -> SchemaCheck.registerAll(registry, topics, settings.applicationId()));
    } catch (SchemaRegistryException e) {
      if (!e.isTransient()) {
        throw e;
      }
      throw new CommandFailed(
          "The schema registry did not become available within "
              + wait
              + " ("
              + RosterConfig.SCHEMA_REGISTRY_STARTUP_WAIT
              + "): "
              + e.getMessage()
              + ". Check "
              + RosterConfig.SCHEMA_REGISTRY_URL
              + " and that the registry is running.");
    }
  }

  /** The Streams configuration of one of Roster's Streams applications, by its application id. */
  private Properties streamsConfig(String applicationId, RosterTopics topics) {
    return ChangeDetector.streamsConfig(
        applicationId,
        settings.kafkaClientProps(),
        topics,
        settings.topics().replication(),
        settings.stateDir().resolve("streams"));
  }

  /** Status page, health and metrics: a cluster-wide view read from Roster's own topics. */
  private OpsServer startOps(
      ChangeDetector detector,
      Optional<StreamsApp> identityStage,
      Poller poller,
      OpsState state,
      RosterMetrics metrics) {
    Admin admin = Admin.create(settings.kafkaClientProps());
    parts.add(Stage.SUPPORT, "admin client", admin, admin::close);
    Map<String, HealthCheck> live = new LinkedHashMap<>();
    live.put("poller", () -> HealthRules.pollerLive(poller.health(), clock.instant()));
    live.put(
        "streams",
        () ->
            HealthRules.detectorLive(
                detector.state(), Optional.ofNullable(detector.failure().getNow(null))));
    Map<String, HealthCheck> ready = new LinkedHashMap<>();
    ready.put("streams", () -> HealthRules.detectorReady(detector.state()));
    identityStage.ifPresent(
        stage -> {
          live.put(
              "identity-stage",
              () ->
                  HealthRules.detectorLive(
                      stage.state(), Optional.ofNullable(stage.failure().getNow(null))));
          ready.put("identity-stage", () -> HealthRules.detectorReady(stage.state()));
        });
    ready.put("poller", () -> HealthRules.pollerReady(poller.health(), clock.instant()));
    ready.put(
        "kafka",
        () ->
            CheckResult.up(
                admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).size()
                    + " broker(s) reachable"));
    ready.put(
        "registry",
        () -> CheckResult.up("reachable, global compatibility " + registry.globalCompatibility()));
    OpsServer server =
        parts.add(
            Stage.OPS,
            "status page",
            new OpsServer(settings.ops(), state, metrics, new HealthChecks(live, ready), clock));
    LOG.info(
        "Status page on {} (health: /health/live, /health/ready; metrics: /metrics)", server.url());
    return server;
  }

  private static KafkaProducer<String, PollStatus> statusProducer(
      RosterTopics topics, RosterSettings settings) {
    Map<String, Object> props = new HashMap<>(settings.kafkaClientProps());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, ProducerCompression.TYPE);
    props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "roster-poll-status");
    return new KafkaProducer<>(
        props,
        topics.pollStatus.keySerde().serializer(),
        topics.pollStatus.valueSerde().serializer());
  }

  /** {@link #close(Duration)} within the settings' shutdown timeout. */
  @Override
  public void close() {
    close(settings.shutdownTimeout());
  }

  /**
   * Stops within {@code budget}: the poller first, so no poll is left half-written and marked
   * complete, then the detector, then the producers, the rest and the status page. From another
   * thread during {@link #start()}, start-up is interrupted and stops where it is.
   */
  public ShutdownSequence.Report close(Duration budget) {
    stopRequested = true;
    synchronized (startLock) {
      if (starting != null && starting != Thread.currentThread()) {
        starting.interrupt(); // cut a registry or broker wait short
      }
    }
    ShutdownSequence.Report report = parts.close(budget);
    LOG.info(
        "Roster '{}' stopped{}: {}",
        settings.applicationId(),
        report.clean() ? "" : " (not cleanly)",
        report.steps().isEmpty()
            ? "nothing had started"
            : report.steps().stream()
                .map(
                    step ->
                        step.name()
                            + " "
                            + step.took().toMillis()
                            + " ms"
                            + step.failure().map(f -> " FAILED " + f).orElse(""))
                .collect(Collectors.joining(", ")));
    return report;
  }
}
