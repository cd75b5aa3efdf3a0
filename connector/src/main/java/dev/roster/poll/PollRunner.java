package dev.roster.poll;

import dev.roster.avro.IntegratedAccount;
import dev.roster.avro.PollOutcome;
import dev.roster.avro.PollStatus;
import dev.roster.kafka.DeadLetterWriter;
import dev.roster.truto.ListedItem;
import dev.roster.truto.TrutoClient;
import dev.roster.truto.UserListing;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One poll of one account, start to end: list the users through Truto, write each as an
 * observation, send what cannot be a user to the dead letter, and mark the poll complete only when
 * the listing was complete and every observation was acknowledged. Reports a PollStatus either way.
 */
public final class PollRunner {

  private static final Logger LOG = LoggerFactory.getLogger(PollRunner.class);

  /** The dead letters' {@link DeadLetterWriter#SOURCE}: input from Truto. */
  private static final String SOURCE = "truto";

  private final TrutoClient truto;
  private final ObservationWriter observations;
  private final DeadLetterWriter deadLetters;
  private final Consumer<PollStatus> statuses;
  private final PollIds pollIds;
  private final MappingIssueListener mappingIssues;
  private final SentFingerprints sent;
  private final Clock clock;

  public PollRunner(
      TrutoClient truto,
      ObservationWriter observations,
      DeadLetterWriter deadLetters,
      Consumer<PollStatus> statuses,
      PollIds pollIds,
      MappingIssueListener mappingIssues,
      SentFingerprints sent,
      Clock clock) {
    this.mappingIssues = mappingIssues;
    this.sent = sent;
    this.truto = truto;
    this.observations = observations;
    this.deadLetters = deadLetters;
    this.statuses = statuses;
    this.pollIds = pollIds;
    this.clock = clock;
  }

  /** Polls {@code account}; empty when it completed, else why it failed. */
  public Optional<PollFailure> poll(IntegratedAccount account) throws InterruptedException {
    ObservationWriter.PollWrite write = observations.begin(account, pollIds.next(account.getId()));
    SentFingerprints.PollFingerprints fingerprints = sent.begin(account.getId());
    boolean completed = false;
    List<String> unconfirmed = new ArrayList<>();
    MDC.put("account", account.getId());
    MDC.put("poll", Long.toString(write.pollId()));
    try {
      UserListing listing =
          truto.listUsers(account, item -> handOn(item, write, fingerprints, account, unconfirmed));
      if (listing instanceof UserListing.Failed failed) {
        write.abort(failed.category(), failed.message());
        report(account, write, listing, PollOutcome.FAILED, failed.category(), failed.message());
        return Optional.of(
            new PollFailure(failed.category(), failed.retryAfter(), failed.fatalForAllAccounts()));
      }
      PollDoubts doubts = PollDoubts.of(listing.stats(), unconfirmed);
      write.complete(doubts);
      fingerprints.completed();
      completed = true;
      doubts
          .removalsWithheld()
          .ifPresent(
              why ->
                  LOG.warn(
                      "Poll {} of account {} removes nobody: {}",
                      write.pollId(),
                      account.getId(),
                      why));
      report(
          account,
          write,
          listing,
          PollOutcome.COMPLETED,
          null,
          doubts.removalsWithheld().orElse(null));
      LOG.info(
          "Poll {} of account {} ({}) completed: {} users ({} sent as unchanged), {} pages, {} requests",
          write.pollId(),
          account.getId(),
          account.getIntegration(),
          listing.stats().usersSeen(),
          write.sentUnchanged(),
          listing.stats().pages(),
          listing.stats().apiCalls());
      return Optional.empty();
    } catch (InterruptException e) {
      // Kafka's unchecked form of an interrupt: the poll was stopped (shutdown or rebalance), it
      // did not fail.
      Thread.interrupted();
      InterruptedException stopped =
          new InterruptedException("poll " + write.pollId() + " stopped while writing to Kafka");
      stopped.initCause(e);
      throw stopped;
    } catch (RuntimeException e) {
      // Kafka refused the observations or the marker: the poll is not complete, and says so.
      LOG.error(
          "Poll {} of account {} could not be recorded: {}",
          write.pollId(),
          account.getId(),
          e.getMessage());
      report(
          account,
          write,
          null,
          PollOutcome.FAILED,
          dev.roster.avro.ErrorCategory.INTERNAL,
          e.getMessage());
      return Optional.of(
          new PollFailure(dev.roster.avro.ErrorCategory.INTERNAL, Optional.empty(), false));
    } finally {
      if (!completed) {
        fingerprints.abandoned();
      }
      MDC.remove("account");
      MDC.remove("poll");
    }
  }

  private void handOn(
      ListedItem item,
      ObservationWriter.PollWrite write,
      SentFingerprints.PollFingerprints fingerprints,
      IntegratedAccount account,
      List<String> unconfirmed) {
    if (item instanceof ListedItem.Observed observed) {
      fingerprints
          .unchanged(observed.user())
          .ifPresentOrElse(
              same -> write.unchanged(observed.user().getId(), same),
              () -> write.observed(observed.user()));
      observed
          .issues()
          .forEach(
              issue ->
                  mappingIssues.mappingIssue(
                      account.getId(), account.getIntegration(), issue.kind()));
      if (!observed.absurdSizes().isEmpty()) {
        String reason =
            "user "
                + observed.user().getId()
                + " published with absurdly large fields cut: "
                + observed.absurdSizes().stream()
                    .map(issue -> issue.field() + " " + issue.detail())
                    .collect(Collectors.joining("; "));
        LOG.warn("Account {}: {}", account.getId(), reason);
        deadLetters.write(SOURCE, account.getId(), write.pollId(), reason, observed.rawSnippet());
      }
    } else if (item instanceof ListedItem.Rejected rejected) {
      deadLetters.write(
          SOURCE,
          account.getId(),
          write.pollId(),
          "user entry rejected: " + rejected.reason(),
          rejected.rawSnippet());
    } else if (item instanceof ListedItem.Duplicate duplicate) {
      deadLetters.write(
          SOURCE,
          account.getId(),
          write.pollId(),
          "user " + duplicate.userId() + " listed twice in one poll; the first entry is kept",
          duplicate.rawSnippet());
    } else if (item instanceof ListedItem.Unconfirmed listedOnly) {
      unconfirmed.add(listedOnly.userId());
    } else if (item instanceof ListedItem.Unreadable unreadable) {
      deadLetters.write(
          SOURCE, account.getId(), write.pollId(), unreadable.reason(), unreadable.body());
    }
  }

  private void report(
      IntegratedAccount account,
      ObservationWriter.PollWrite write,
      UserListing listing,
      PollOutcome outcome,
      dev.roster.avro.ErrorCategory category,
      String message) {
    statuses.accept(
        PollStatus.newBuilder()
            .setIntegratedAccountId(account.getId())
            .setIntegration(account.getIntegration())
            .setTenantId(account.getTenantId())
            .setPollId(write.pollId())
            .setStartedAt(write.startedAt())
            .setEndedAt(clock.instant())
            .setOutcome(outcome)
            .setErrorCategory(category)
            .setMessage(message)
            .setUsersSeen(listing == null ? 0 : listing.stats().usersSeen())
            .setPages(listing == null ? 0 : listing.stats().pages())
            .setApiCalls(listing == null ? 0 : listing.stats().apiCalls())
            .build());
  }
}
