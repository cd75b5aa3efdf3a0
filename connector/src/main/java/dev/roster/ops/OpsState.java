package dev.roster.ops;

import dev.roster.avro.ChangeType;
import dev.roster.avro.ErrorCategory;
import dev.roster.avro.IdentityAlert;
import dev.roster.avro.IdentityAlertType;
import dev.roster.avro.IntegratedAccount;
import dev.roster.avro.PollOutcome;
import dev.roster.avro.PollStatus;
import dev.roster.avro.PollSummary;
import dev.roster.avro.UserChangeEvent;
import dev.roster.poll.NotPolledReason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The cluster-wide picture of Roster, built from its topics: the accounts, how each one's last poll
 * went, what the mass-removal guard holds, the change events and the open identity alerts. Pure
 * state, no IO; {@link OpsFeed} feeds it from Kafka, tests feed it directly. Thread-safe: one
 * feeding thread, many readers. One figure is this instance's own, not the cluster's: the users
 * without an identity key, read from the source {@link #showUsersWithoutKey} gives.
 */
public final class OpsState {

  private static final int RECENT_EVENTS = 50;

  /**
   * At most this many open identity alerts are held. Beyond it the alert read earliest is dropped
   * (and counted in {@link #openAlertsDropped()}): its resolution, when it comes, is then one of an
   * unknown alert and ignored, and the counts leave it out.
   */
  static final int MAX_OPEN_ALERTS = 10_000;

  private final Duration pollInterval;
  private final List<OpsListener> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, IntegratedAccount> accounts = new HashMap<>();
  private final Map<String, PollStatus> lastStatus = new HashMap<>();
  private final Map<String, Instant> lastCompleteEnd = new HashMap<>();
  private final Map<String, GuardHold> holds = new HashMap<>();
  private final Map<ChangeType, Long> eventCounts = new EnumMap<>(ChangeType.class);
  private final Deque<RecentEvent> recentEvents = new ArrayDeque<>();
  private long deadLetters;
  private final Map<String, OpenAlert> openAlerts = new LinkedHashMap<>(); // in the order read
  private final Map<IdentityAlertType, Long> openAlertCounts =
      new EnumMap<>(IdentityAlertType.class);
  private long openAlertsDropped;
  private volatile Supplier<Map<String, Long>> usersWithoutKey;

  /**
   * @param pollInterval the default poll interval, for accounts without their own
   */
  public OpsState(Duration pollInterval) {
    this.pollInterval = pollInterval;
  }

  public void addListener(OpsListener listener) {
    listeners.add(listener);
  }

  /** A record of roster.accounts; a null value (tombstone) removes the account. */
  public void applyAccount(String id, IntegratedAccount account) {
    synchronized (this) {
      if (account == null) {
        if (accounts.remove(id) == null) {
          return;
        }
      } else {
        accounts.put(id, account);
      }
    }
    listeners.forEach(
        l -> {
          if (account == null) {
            l.accountRemoved(id);
          } else {
            l.accountChanged(account);
          }
        });
  }

  /**
   * A record of roster.poll-status. Re-reading the compacted topic repeats statuses: only a newer
   * poll counts. The last complete poll is known from a COMPLETED status, or from a later status
   * that carries it (compaction may have removed the COMPLETED one).
   */
  public void applyPollStatus(PollStatus status) {
    String id = status.getIntegratedAccountId();
    synchronized (this) {
      PollStatus previous = lastStatus.get(id);
      if (previous != null && previous.getPollId() >= status.getPollId()) {
        return;
      }
      lastStatus.put(id, status);
      Instant lastComplete =
          status.getOutcome() == PollOutcome.COMPLETED
              ? status.getEndedAt()
              : status.getLastCompletedAt();
      if (lastComplete != null) {
        lastCompleteEnd.merge(
            id, lastComplete, (known, told) -> known.isAfter(told) ? known : told);
      }
    }
    listeners.forEach(l -> l.pollStatus(status));
  }

  /**
   * A record of roster.poll-summaries: one per detector partition, so an account's holds are summed
   * over partitions.
   */
  public void applyPollSummary(PollSummary summary) {
    String id = summary.getIntegratedAccountId();
    long held;
    synchronized (this) {
      GuardHold hold = holds.get(id);
      if (hold != null && hold.pollId > summary.getPollId()) {
        return;
      }
      if (hold == null || hold.pollId < summary.getPollId()) {
        hold = new GuardHold(summary.getPollId());
        holds.put(id, hold);
      }
      hold.heldByPartition.put(summary.getPartition(), summary.getRemovalsHeld());
      if (summary.getGuardReason() != null) {
        hold.reason = summary.getGuardReason();
      }
      held = hold.held();
    }
    listeners.forEach(l -> l.removalsHeld(id, summary.getIntegration(), held));
  }

  /** A record of roster.user-events. */
  public void applyUserEvent(UserChangeEvent event) {
    synchronized (this) {
      eventCounts.merge(event.getType(), 1L, Long::sum);
      recentEvents.addFirst(RecentEvent.of(event));
      if (recentEvents.size() > RECENT_EVENTS) {
        recentEvents.removeLast();
      }
    }
    listeners.forEach(l -> l.userEvent(event));
  }

  /** A record of roster.dead-letter. */
  public void applyDeadLetter() {
    synchronized (this) {
      deadLetters++;
    }
    listeners.forEach(OpsListener::deadLetter);
  }

  /**
   * A record of roster.identity-alerts: an opening (resolved false) opens its alert_id, a
   * resolution closes the alert whose alert_id is its resolves_alert_id. A repeated opening, or a
   * resolution of an alert not open (already resolved, dropped, or opened before the topic's
   * retention), changes nothing.
   */
  public void applyIdentityAlert(IdentityAlert alert) {
    synchronized (this) {
      if (!alert.getResolved()) {
        if (openAlerts.containsKey(alert.getAlertId())) {
          return;
        }
        if (openAlerts.size() >= MAX_OPEN_ALERTS) {
          Iterator<OpenAlert> earliest = openAlerts.values().iterator();
          uncount(earliest.next());
          earliest.remove();
          openAlertsDropped++;
        }
        OpenAlert open = OpenAlert.of(alert);
        openAlerts.put(open.alertId(), open);
        openAlertCounts.merge(open.type(), 1L, Long::sum);
      } else {
        OpenAlert closed =
            alert.getResolvesAlertId() == null
                ? null
                : openAlerts.remove(alert.getResolvesAlertId());
        if (closed == null) {
          return;
        }
        uncount(closed);
      }
    }
    listeners.forEach(l -> l.identityAlert(alert));
  }

  private void uncount(OpenAlert alert) {
    openAlertCounts.computeIfPresent(alert.type(), (type, n) -> n == 1 ? null : n - 1);
  }

  /**
   * Shows, beside the cluster's alerts, the users without an identity key per tenant that {@code
   * thisInstance} gives: this instance's share only.
   */
  public void showUsersWithoutKey(Supplier<Map<String, Long>> thisInstance) {
    this.usersWithoutKey = thisInstance;
  }

  /**
   * Every known account at {@code now}: failing first (re-authentication before other failures),
   * then stale, then the rest (not polled, disabled, never polled, ok) by id.
   */
  public synchronized List<AccountView> accounts(Instant now) {
    List<AccountView> views = new ArrayList<>();
    for (IntegratedAccount account : accounts.values()) {
      views.add(view(account, now));
    }
    views.sort(
        Comparator.comparingInt((AccountView v) -> v.state().rank())
            .thenComparing(AccountView::id));
    return views;
  }

  /** When the account's last complete poll ended; null when none is known. */
  public synchronized Instant lastCompletePoll(String accountId) {
    return lastCompleteEnd.get(accountId);
  }

  /** The highest poll id read for the account, whatever its outcome; empty when none. */
  public synchronized OptionalLong lastPollId(String accountId) {
    PollStatus status = lastStatus.get(accountId);
    return status == null ? OptionalLong.empty() : OptionalLong.of(status.getPollId());
  }

  public synchronized Map<ChangeType, Long> eventCounts() {
    return Map.copyOf(eventCounts);
  }

  /** The latest events, newest first. */
  public synchronized List<RecentEvent> recentEvents() {
    return List.copyOf(recentEvents);
  }

  public synchronized long deadLetters() {
    return deadLetters;
  }

  /** The open identity alerts, newest detected first. */
  public synchronized List<OpenAlert> openAlerts() {
    List<OpenAlert> open = new ArrayList<>(openAlerts.values());
    open.sort(
        Comparator.comparing(OpenAlert::detectedAt).reversed().thenComparing(OpenAlert::alertId));
    return open;
  }

  /** Open identity alerts of one type. */
  public synchronized long openAlerts(IdentityAlertType type) {
    return openAlertCounts.getOrDefault(type, 0L);
  }

  /** Open alerts no longer held because there were more than {@link #MAX_OPEN_ALERTS}. */
  public synchronized long openAlertsDropped() {
    return openAlertsDropped;
  }

  /**
   * Tenant → users without an identity key, in this instance's share of the identity stage; empty
   * when nothing was given to {@link #showUsersWithoutKey}.
   */
  public Optional<Map<String, Long>> usersWithoutKey() {
    Supplier<Map<String, Long>> source = usersWithoutKey;
    return source == null ? Optional.empty() : Optional.of(new TreeMap<>(source.get()));
  }

  private AccountView view(IntegratedAccount account, Instant now) {
    String id = account.getId();
    PollStatus status = lastStatus.get(id);
    GuardHold hold = holds.get(id);
    Instant lastComplete = lastCompleteEnd.get(id);
    Optional<NotPolledReason> notPolled = NotPolledReason.of(account);
    Duration interval =
        account.getIntervalSeconds() == null
            ? pollInterval
            : Duration.ofSeconds(account.getIntervalSeconds());
    return new AccountView(
        id,
        account.getIntegration(),
        account.getTenantId(),
        health(notPolled, status, lastComplete, interval, now),
        status == null ? null : status.getOutcome(),
        status == null ? null : Duration.between(status.getEndedAt(), now),
        lastComplete == null ? null : Duration.between(lastComplete, now),
        status == null ? 0 : status.getUsersSeen(),
        status == null ? null : errorInWords(status),
        status == null || notPolled.isPresent() ? null : status.getEndedAt().plus(interval),
        hold == null ? 0 : hold.held(),
        hold == null || hold.held() == 0 ? null : hold.reason);
  }

  /**
   * An account Roster does not poll is as its record in roster.accounts says (needs
   * re-authentication, not polled, disabled), at once and whatever its last status; the others as
   * their last poll went.
   */
  private static AccountHealth health(
      Optional<NotPolledReason> notPolled,
      PollStatus status,
      Instant lastComplete,
      Duration interval,
      Instant now) {
    if (notPolled.isPresent()) {
      NotPolledReason reason = notPolled.get();
      return reason.needsReauth()
          ? AccountHealth.NEEDS_REAUTH
          : reason.category() == null ? AccountHealth.DISABLED : AccountHealth.NOT_POLLED;
    }
    boolean failed = status != null && status.getOutcome() == PollOutcome.FAILED;
    if (failed && status.getErrorCategory() == ErrorCategory.AUTH) {
      return AccountHealth.NEEDS_REAUTH;
    }
    if (failed) {
      return AccountHealth.FAILING;
    }
    if (lastComplete == null) {
      return AccountHealth.NEVER_POLLED;
    }
    return Duration.between(lastComplete, now).compareTo(interval.multipliedBy(2)) > 0
        ? AccountHealth.STALE
        : AccountHealth.OK;
  }

  /** What went wrong, or why the account is not polled; null when the poll completed. */
  private static String errorInWords(PollStatus status) {
    if (status.getOutcome() == PollOutcome.COMPLETED) {
      return null;
    }
    // A NOT_POLLED account without a category is one the accounts file disables: nothing went
    // wrong.
    String category =
        status.getErrorCategory() != null
            ? status.getErrorCategory().name()
            : status.getOutcome() == PollOutcome.NOT_POLLED ? null : "UNKNOWN";
    if (category == null || status.getMessage() == null) {
      return category == null ? status.getMessage() : category;
    }
    return category + ": " + status.getMessage();
  }

  /** What the mass-removal guard holds for an account's latest summarised poll. */
  private static final class GuardHold {
    final long pollId;
    final Map<Integer, Long> heldByPartition = new HashMap<>();
    String reason;

    GuardHold(long pollId) {
      this.pollId = pollId;
    }

    long held() {
      return heldByPartition.values().stream().mapToLong(Long::longValue).sum();
    }
  }
}
