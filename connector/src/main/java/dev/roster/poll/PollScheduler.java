package dev.roster.poll;

import dev.roster.avro.IntegratedAccount;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Decides which accounts to poll when: each account on its interval (account override, else
 * integration override, else the default) with jitter so accounts spread out, never two polls of
 * one account at once, at most {@code globalConcurrency} polls overall and the integration's cap
 * per integration, and after failures the {@link BackoffPolicy}'s rest. Pure and single-threaded:
 * the poller's loop owns it and tells it the time.
 */
public final class PollScheduler {

  /** Scheduling limits and intervals. */
  public record Settings(
      Duration defaultInterval,
      Map<String, Duration> integrationInterval,
      double jitter,
      int globalConcurrency,
      Map<String, Integer> integrationConcurrency,
      BackoffPolicy backoff) {
    public Settings {
      integrationInterval = Map.copyOf(integrationInterval);
      integrationConcurrency = Map.copyOf(integrationConcurrency);
      if (jitter < 0 || jitter >= 1) {
        throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
      }
      if (globalConcurrency < 1) {
        throw new IllegalArgumentException(
            "globalConcurrency must be at least 1, got " + globalConcurrency);
      }
    }
  }

  private record Entry(
      IntegratedAccount account, Instant dueAt, boolean running, int consecutiveFailures) {}

  private final Settings settings;
  private final Random random;
  private final Map<String, Entry> entries = new HashMap<>();
  private Instant tokenBlockedUntil = Instant.MIN;

  public PollScheduler(Settings settings, long seed) {
    this.settings = settings;
    this.random = new Random(seed);
  }

  /**
   * Adds an account, or updates it. A changed account (configuration or discovered status) is due
   * at once: whatever made it fail may be fixed. A disabled account is dropped.
   */
  public void upsert(IntegratedAccount account, Instant now) {
    if (!account.getEnabled()) {
      entries.remove(account.getId());
      return;
    }
    Entry previous = entries.get(account.getId());
    if (previous == null) {
      // Spread first polls over a fraction of the interval, so a restart does not poll everything
      // at once.
      entries.put(
          account.getId(),
          new Entry(
              account,
              now.plus(scaled(interval(account), random.nextDouble() * settings.jitter())),
              false,
              0));
    } else if (!previous.account().equals(account)) {
      entries.put(account.getId(), new Entry(account, now, previous.running(), 0));
    }
  }

  public void remove(String accountId) {
    entries.remove(accountId);
  }

  /** The accounts to start polling now, respecting every cap; they are marked running. */
  public List<IntegratedAccount> startDue(Instant now) {
    if (now.isBefore(tokenBlockedUntil)) {
      return List.of();
    }
    int running = (int) entries.values().stream().filter(Entry::running).count();
    Map<String, Integer> runningByIntegration = new HashMap<>();
    entries.values().stream()
        .filter(Entry::running)
        .forEach(e -> runningByIntegration.merge(e.account().getIntegration(), 1, Integer::sum));
    List<Entry> due =
        entries.values().stream()
            .filter(e -> !e.running() && !e.dueAt().isAfter(now))
            .sorted(Comparator.comparing(Entry::dueAt).thenComparing(e -> e.account().getId()))
            .toList();
    List<IntegratedAccount> started = new ArrayList<>();
    for (Entry entry : due) {
      if (running >= settings.globalConcurrency()) {
        break;
      }
      String integration = entry.account().getIntegration();
      int cap = settings.integrationConcurrency().getOrDefault(integration, Integer.MAX_VALUE);
      if (runningByIntegration.getOrDefault(integration, 0) >= cap) {
        continue;
      }
      entries.put(
          entry.account().getId(),
          new Entry(entry.account(), entry.dueAt(), true, entry.consecutiveFailures()));
      runningByIntegration.merge(integration, 1, Integer::sum);
      running++;
      started.add(entry.account());
    }
    return started;
  }

  /** The poll of {@code accountId} completed: next one after its interval, with jitter. */
  public void completed(String accountId, Instant now) {
    Entry entry = entries.get(accountId);
    if (entry != null) {
      entries.put(
          accountId,
          new Entry(entry.account(), now.plus(jittered(interval(entry.account()))), false, 0));
    }
  }

  /** The poll of {@code accountId} failed: rest as the backoff policy says. */
  public void failed(String accountId, PollFailure failure, Instant now) {
    Entry entry = entries.get(accountId);
    if (entry == null) {
      return;
    }
    int failures = entry.consecutiveFailures() + 1;
    Duration rest =
        settings.backoff().delay(failure, failures, interval(entry.account()), random.nextDouble());
    entries.put(accountId, new Entry(entry.account(), now.plus(rest), false, failures));
    if (failure.fatalForAllAccounts()) {
      tokenBlockedUntil = now.plus(rest);
    }
  }

  /**
   * When the next poll could start, for the loop to sleep until; null when nothing is scheduled.
   */
  public Instant nextDue() {
    Instant next =
        entries.values().stream()
            .filter(e -> !e.running())
            .map(Entry::dueAt)
            .min(Comparator.naturalOrder())
            .orElse(null);
    return next == null || tokenBlockedUntil.isBefore(next) ? next : tokenBlockedUntil;
  }

  public Instant dueAt(String accountId) {
    Entry entry = entries.get(accountId);
    return entry == null ? null : entry.dueAt();
  }

  public boolean isRunning(String accountId) {
    Entry entry = entries.get(accountId);
    return entry != null && entry.running();
  }

  Duration interval(IntegratedAccount account) {
    if (account.getIntervalSeconds() != null) {
      return Duration.ofSeconds(account.getIntervalSeconds());
    }
    return Objects.requireNonNullElse(
        settings.integrationInterval().get(account.getIntegration()), settings.defaultInterval());
  }

  private Duration jittered(Duration interval) {
    return scaled(interval, 1 + settings.jitter() * (2 * random.nextDouble() - 1));
  }

  private static Duration scaled(Duration duration, double factor) {
    return Duration.ofMillis(Math.round(duration.toMillis() * factor));
  }
}
