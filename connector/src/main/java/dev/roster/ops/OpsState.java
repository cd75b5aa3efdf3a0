package dev.roster.ops;

import dev.roster.avro.ChangeType;
import dev.roster.avro.ErrorCategory;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The cluster-wide picture of Roster, built from its topics: the accounts, how each one's last poll
 * went, what the mass-removal guard holds, and the change events. Pure state, no IO; {@link
 * OpsFeed} feeds it from Kafka, tests feed it directly. Thread-safe: one feeding thread, many
 * readers.
 */
public final class OpsState {

  private static final int RECENT_EVENTS = 50;

  private final Duration pollInterval;
  private final List<OpsListener> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, IntegratedAccount> accounts = new HashMap<>();
  private final Map<String, PollStatus> lastStatus = new HashMap<>();
  private final Map<String, Instant> lastCompleteEnd = new HashMap<>();
  private final Map<String, GuardHold> holds = new HashMap<>();
  private final Map<ChangeType, Long> eventCounts = new EnumMap<>(ChangeType.class);
  private final Deque<RecentEvent> recentEvents = new ArrayDeque<>();
  private long deadLetters;

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
