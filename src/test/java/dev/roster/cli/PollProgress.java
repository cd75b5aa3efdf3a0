package dev.roster.cli;

import static org.awaitility.Awaitility.await;

import dev.roster.avro.PollOutcome;
import dev.roster.avro.PollStatus;
import dev.roster.kafka.TopicSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every poll Roster reported on roster.poll-status, read as a consumer would: how many completed or
 * failed, how many users and requests they took, and when each account's last complete poll began,
 * so a test can wait until polls have gone on after a restart or after churn stopped.
 */
final class PollProgress implements AutoCloseable {

  private final Map<String, Instant> lastCompletedStart = new ConcurrentHashMap<>();
  private final AtomicLong completed = new AtomicLong();
  private final List<String> failures = new CopyOnWriteArrayList<>();
  private final AtomicLong usersSeen = new AtomicLong();
  private final AtomicLong apiCalls = new AtomicLong();
  private final Tail<PollStatus> tail;

  PollProgress(TopicSpec<String, PollStatus> pollStatus) {
    tail = new Tail<>(pollStatus, this::record);
  }

  private void record(PollStatus status) {
    if (status.getOutcome() != PollOutcome.COMPLETED) {
      failures.add(status.getIntegratedAccountId() + " poll " + status.getPollId() + ": " + status.getErrorCategory() + " "
          + status.getMessage());
      return;
    }
    completed.incrementAndGet();
    usersSeen.addAndGet(status.getUsersSeen());
    apiCalls.addAndGet(status.getApiCalls());
    lastCompletedStart.merge(status.getIntegratedAccountId(), status.getStartedAt(), (a, b) -> a.isAfter(b) ? a : b);
  }

  /**
   * Waits until each account has a complete poll that started after {@code since}: whatever changed
   * or restarted before then has been seen by a whole poll.
   */
  void awaitEveryAccountCompletedSince(Instant since, Collection<String> accountIds, Duration atMost) {
    await().atMost(atMost).pollInterval(Duration.ofMillis(250)).until(() -> accountIds.stream()
        .allMatch(id -> lastCompletedStart.getOrDefault(id, Instant.EPOCH).isAfter(since)));
  }

  long completed() {
    return completed.get();
  }

  long failed() {
    return failures.size();
  }

  /** Each failed poll: account, poll id, error category and message. */
  List<String> failures() {
    return List.copyOf(failures);
  }

  /** Users read by the complete polls. */
  long usersSeen() {
    return usersSeen.get();
  }

  /** Requests to Truto made by the complete polls. */
  long apiCalls() {
    return apiCalls.get();
  }

  @Override
  public void close() throws InterruptedException {
    tail.close();
  }
}
