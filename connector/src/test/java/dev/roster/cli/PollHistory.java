package dev.roster.cli;

import static org.awaitility.Awaitility.await;

import dev.roster.avro.PollOutcome;
import dev.roster.avro.PollStatus;
import dev.roster.avro.PollSummary;
import dev.roster.topics.RosterTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Every PollStatus and PollSummary an instance has published, read_committed from the beginning, so
 * a test can ask what the polls of one account said since some moment (a failure that already gave
 * way to a success included; the compacted status topic alone would keep only the last), wait until
 * polls have gone on after a restart or after churn stopped, and count what the polls did.
 */
final class PollHistory implements AutoCloseable {

  private final List<PollStatus> statuses = new CopyOnWriteArrayList<>();
  private final List<PollSummary> summaries = new CopyOnWriteArrayList<>();
  private final Tail<PollStatus> statusTail;
  private final Tail<PollSummary> summaryTail;

  PollHistory(RosterTopics topics) {
    statusTail = new Tail<>(topics.pollStatus, statuses::add);
    summaryTail = new Tail<>(topics.pollSummaries, summaries::add);
  }

  /**
   * The statuses of the polls of {@code accountId} that ended at or after {@code since}: a fault
   * injected at {@code since} may strike a poll that was already running.
   */
  List<PollStatus> statuses(String accountId, Instant since) {
    return statuses.stream()
        .filter(
            s -> s.getIntegratedAccountId().equals(accountId) && !s.getEndedAt().isBefore(since))
        .toList();
  }

  /** Whether a poll of {@code accountId} that started at or after {@code since} completed. */
  boolean completedSince(String accountId, Instant since) {
    return statuses(accountId, since).stream()
        .anyMatch(
            s -> s.getOutcome() == PollOutcome.COMPLETED && !s.getStartedAt().isBefore(since));
  }

  /**
   * Waits until each account has a complete poll that started after {@code since}: whatever changed
   * or restarted before then has been seen by a whole poll.
   */
  void awaitEveryAccountCompletedSince(
      Instant since, Collection<String> accountIds, Duration atMost) {
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                accountIds.stream()
                    .allMatch(
                        id ->
                            completed()
                                .anyMatch(
                                    s ->
                                        s.getIntegratedAccountId().equals(id)
                                            && s.getStartedAt().isAfter(since))));
  }

  /** Complete polls so far. */
  long completedCount() {
    return completed().count();
  }

  /** Each failed poll: account, poll id, error category and message. */
  List<String> failures() {
    return statuses.stream()
        .filter(s -> s.getOutcome() == PollOutcome.FAILED)
        .map(
            s ->
                s.getIntegratedAccountId()
                    + " poll "
                    + s.getPollId()
                    + ": "
                    + s.getErrorCategory()
                    + " "
                    + s.getMessage())
        .toList();
  }

  /** Users read by the complete polls. */
  long usersSeen() {
    return completed().mapToLong(PollStatus::getUsersSeen).sum();
  }

  /** Requests to Truto made by the complete polls. */
  long apiCalls() {
    return completed().mapToLong(PollStatus::getApiCalls).sum();
  }

  private Stream<PollStatus> completed() {
    return statuses.stream().filter(s -> s.getOutcome() == PollOutcome.COMPLETED);
  }

  /**
   * Users that complete polls sent as fingerprints only and the detector confirmed, over every
   * account and partition.
   */
  long unchangedConfirmed() {
    return summaries.stream().mapToLong(PollSummary::getUnchanged).sum();
  }

  /** Users the detectors asked the pollers for in full, over every summary. */
  long askedInFull() {
    return summaries.stream().mapToLong(summary -> summary.getResendUserIds().size()).sum();
  }

  /** The summaries of {@code accountId}'s complete polls, oldest first. */
  List<PollSummary> summaries(String accountId) {
    return summaries.stream().filter(s -> s.getIntegratedAccountId().equals(accountId)).toList();
  }

  @Override
  public void close() throws InterruptedException {
    statusTail.close();
    summaryTail.close();
  }
}
