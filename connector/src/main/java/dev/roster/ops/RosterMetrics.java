package dev.roster.ops;

import dev.roster.avro.IdentityAlertType;
import dev.roster.avro.IntegratedAccount;
import dev.roster.avro.PollOutcome;
import dev.roster.avro.PollStatus;
import dev.roster.avro.UserChangeEvent;
import dev.roster.poll.AccountRemovals;
import dev.roster.poll.AccountsGuardListener;
import dev.roster.poll.MappingIssueListener;
import dev.roster.truto.MappingIssue;
import dev.roster.truto.TrutoCallListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Roster's Prometheus metrics: per-account meters derived from {@link OpsState} updates, the open
 * identity alerts by type, the JVM, and the Kafka clients bound to it. Tags are account id,
 * integration and an outcome, category or event type, or an alert type or tenant; the API token is
 * not known here, so it cannot become a tag or a value.
 */
public final class RosterMetrics
    implements OpsListener,
        TrutoCallListener,
        MappingIssueListener,
        AccountsGuardListener,
        AutoCloseable {

  private static final String ACCOUNT = "account";
  private static final String INTEGRATION = "integration";

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final OpsState state;
  private final Clock clock;
  private final Map<String, AccountGauges> gauges = new ConcurrentHashMap<>();
  private final Counter deadLetters;
  private final Counter discoveryAnswersHeld;
  private final AtomicLong discoveredAccountsHeld = new AtomicLong();
  private final MultiGauge health;
  private final MultiGauge usersWithoutKey;
  private final Deque<AutoCloseable> binders = new ArrayDeque<>();

  /**
   * Registers itself as a listener of {@code state}; create it before the state is fed to count
   * every record.
   */
  public RosterMetrics(OpsState state, Clock clock) {
    this.state = state;
    this.clock = clock;
    this.deadLetters =
        Counter.builder("roster.dead.letters")
            .description("Records Roster could not process")
            .register(registry);
    this.discoveryAnswersHeld =
        Counter.builder("roster.accounts.discovery.held")
            .description(
                "Discovery answers the accounts guard held: they would have removed too many accounts at once")
            .register(registry);
    Gauge.builder("roster.accounts.removals.held", discoveredAccountsHeld, AtomicLong::get)
        .description(
            "Accounts discovery no longer lists that the accounts table keeps until further answers confirm it (the leader's)")
        .strongReference(true)
        .register(registry);
    this.health =
        MultiGauge.builder("roster.account.health")
            .description(
                "1 for each account's state on the status page: needs_reauth, failing, stale, never_polled, not_polled, disabled, ok")
            .register(registry);
    for (IdentityAlertType type : OpenAlert.OPENING_TYPES) {
      Gauge.builder("roster.identity.alerts.open", () -> state.openAlerts(type))
          .description("Open identity alerts of the whole cluster, by the type they opened with")
          .tags("type", type.name())
          .strongReference(true)
          .register(registry);
    }
    this.usersWithoutKey =
        MultiGauge.builder("roster.identity.users.without.key")
            .description(
                "Users without an identity key per tenant, in this instance's share of the identity stage: sum over instances")
            .register(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    binders.push(gc);
    for (MeterBinder binder :
        List.of(
            new JvmMemoryMetrics(),
            gc,
            new JvmThreadMetrics(),
            new ProcessorMetrics(),
            new UptimeMetrics())) {
      binder.bindTo(registry);
    }
    state.addListener(this);
  }

  /** The change detector's Streams metrics. */
  public void bind(KafkaStreams streams) {
    bindAndKeep(new KafkaStreamsMetrics(streams));
  }

  public void bind(Producer<?, ?> producer) {
    bindAndKeep(new KafkaClientMetrics(producer));
  }

  public void bind(Consumer<?, ?> consumer) {
    bindAndKeep(new KafkaClientMetrics(consumer));
  }

  private synchronized <B extends MeterBinder & AutoCloseable> void bindAndKeep(B binder) {
    binder.bindTo(registry);
    binders.push(binder);
  }

  /**
   * Every meter in the Prometheus text format; the accounts' states and the users without an
   * identity key as of now.
   */
  public synchronized String scrape() {
    health.register(
        state.accounts(clock.instant()).stream()
            .map(
                view ->
                    MultiGauge.Row.of(
                        tags(view.id(), view.integration())
                            .and("state", view.state().name().toLowerCase(Locale.ROOT)),
                        1))
            .toList(),
        true);
    usersWithoutKey.register(
        state.usersWithoutKey().orElse(Map.of()).entrySet().stream()
            .map(e -> MultiGauge.Row.of(Tags.of("tenant", e.getKey()), e.getValue()))
            .toList(),
        true);
    return registry.scrape();
  }

  @Override
  public void accountChanged(IntegratedAccount account) {
    gauges(account.getId(), account.getIntegration());
  }

  @Override
  public void accountRemoved(String accountId) {
    gauges.remove(accountId);
    for (Meter meter : registry.getMeters()) {
      if (accountId.equals(meter.getId().getTag(ACCOUNT))) {
        registry.remove(meter);
      }
    }
  }

  /** A status of a poll; a NOT_POLLED status is no poll, so only {@link #health} shows it. */
  @Override
  public void pollStatus(PollStatus status) {
    if (status.getOutcome() == PollOutcome.NOT_POLLED) {
      gauges(status.getIntegratedAccountId(), status.getIntegration());
      return;
    }
    Tags tags = tags(status.getIntegratedAccountId(), status.getIntegration());
    registry.counter("roster.polls", tags.and("outcome", status.getOutcome().name())).increment();
    Timer.builder("roster.poll.duration")
        .description("How long polls take")
        .tags(tags)
        .register(registry)
        .record(Duration.between(status.getStartedAt(), status.getEndedAt()));
    if (status.getErrorCategory() != null) {
      registry
          .counter("roster.poll.errors", tags.and("category", status.getErrorCategory().name()))
          .increment();
    }
    AccountGauges account = gauges(status.getIntegratedAccountId(), status.getIntegration());
    account.usersSeen.set(status.getUsersSeen());
    account.apiRequests.set(status.getApiCalls());
  }

  @Override
  public void removalsHeld(String accountId, String integration, long held) {
    gauges(accountId, integration).removalsHeld.set(held);
  }

  @Override
  public void userEvent(UserChangeEvent event) {
    registry
        .counter(
            "roster.events",
            tags(event.getIntegratedAccountId(), event.getIntegration())
                .and("type", event.getType().name()))
        .increment();
  }

  @Override
  public void accountRemovalsJudged(AccountRemovals removals) {
    if (removals.answerHeld()) {
      discoveryAnswersHeld.increment();
    }
    discoveredAccountsHeld.set(removals.held().size());
  }

  @Override
  public void deadLetter() {
    deadLetters.increment();
  }

  /** Retries of Truto requests by this instance; reason "429" counts rate limiting. */
  @Override
  public void retried(String accountId, String reason) {
    registry
        .counter("roster.truto.retries", Tags.of(ACCOUNT, accountId, "reason", reason))
        .increment();
    if ("429".equals(reason)) {
      registry.counter("roster.truto.rate.limited", Tags.of(ACCOUNT, accountId)).increment();
    }
  }

  /** Repairs the mapping made in this instance's polls: bad timestamps, oversized remote_data, … */
  @Override
  public void mappingIssue(String accountId, String integration, MappingIssue.Kind kind) {
    registry
        .counter("roster.mapping.issues", tags(accountId, integration).and("kind", kind.name()))
        .increment();
  }

  private AccountGauges gauges(String accountId, String integration) {
    return gauges.computeIfAbsent(accountId, id -> new AccountGauges(id, tags(id, integration)));
  }

  private static Tags tags(String accountId, String integration) {
    return Tags.of(ACCOUNT, accountId, INTEGRATION, integration);
  }

  @Override
  public synchronized void close() {
    while (!binders.isEmpty()) {
      try {
        binders.pop().close();
      } catch (Exception e) {
        // closing only unregisters listeners; nothing to do about a failure
      }
    }
    registry.close();
  }

  /** The last values of one account, which its gauges read. */
  private final class AccountGauges {
    final AtomicLong usersSeen = new AtomicLong();
    final AtomicLong apiRequests = new AtomicLong();
    final AtomicLong removalsHeld = new AtomicLong();

    AccountGauges(String accountId, Tags tags) {
      // strong references: the registry would otherwise let these gauges go with the next garbage
      // collection
      Gauge.builder("roster.users.seen", usersSeen, AtomicLong::get)
          .description("Users the last poll saw")
          .tags(tags)
          .strongReference(true)
          .register(registry);
      Gauge.builder("roster.poll.api.requests", apiRequests, AtomicLong::get)
          .description("HTTP requests to Truto in the last poll")
          .tags(tags)
          .strongReference(true)
          .register(registry);
      Gauge.builder("roster.removals.held", removalsHeld, AtomicLong::get)
          .description("Removals the mass-removal guard holds")
          .tags(tags)
          .strongReference(true)
          .register(registry);
      Gauge.builder(
              "roster.seconds.since.last.complete.poll",
              () -> secondsSinceLastCompletePoll(accountId))
          .description("Seconds since the account's last complete poll ended; NaN when none")
          .tags(tags)
          .strongReference(true)
          .register(registry);
    }
  }

  private double secondsSinceLastCompletePoll(String accountId) {
    Instant last = state.lastCompletePoll(accountId);
    return last == null ? Double.NaN : Duration.between(last, clock.instant()).toMillis() / 1000.0;
  }
}
