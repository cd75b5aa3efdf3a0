package dev.roster.poll;

import dev.roster.avro.IntegratedAccount;
import dev.roster.avro.PollOutcome;
import dev.roster.avro.PollStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps roster.poll-status saying why each account this instance owns but does not poll is not
 * polled: a NOT_POLLED status with the {@link NotPolledReason}, written as soon as the account
 * comes here or changes, then again every {@code refresh} (the accounts refresh period) while it
 * lasts, so the status's time shows the reason is current. Only the owner of the account's
 * roster.accounts partition writes it, so N instances do not write N copies. Writes on a thread of
 * its own: the first poll id of an account may wait for the recorded ones ({@link PollIds}).
 */
public final class NotPolledReporter implements OwnershipListener, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NotPolledReporter.class);

  private final PollIds pollIds;
  private final Consumer<PollStatus> statuses;
  private final Clock clock;
  private final Map<String, IntegratedAccount> notPolled = new ConcurrentHashMap<>();
  private final Set<String> queued = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService writer =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "roster-not-polled");
            thread.setDaemon(true);
            return thread;
          });

  public NotPolledReporter(
      PollIds pollIds, Consumer<PollStatus> statuses, Clock clock, Duration refresh) {
    this.pollIds = pollIds;
    this.statuses = statuses;
    this.clock = clock;
    writer.scheduleWithFixedDelay(
        this::reportAll, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void owned(IntegratedAccount account) {
    String id = account.getId();
    if (NotPolledReason.of(account).isEmpty()) {
      notPolled.remove(id);
      return;
    }
    // A new owner reads the accounts table from the start: several versions of one account come at
    // once, one status says it.
    if (!account.equals(notPolled.put(id, account)) && queued.add(id)) {
      writer.execute(
          () -> {
            queued.remove(id);
            report(id);
          });
    }
  }

  @Override
  public void released(String accountId) {
    notPolled.remove(accountId);
  }

  private void reportAll() {
    List.copyOf(notPolled.keySet()).forEach(this::report);
  }

  private void report(String accountId) {
    IntegratedAccount account = notPolled.get(accountId);
    if (account == null || Thread.currentThread().isInterrupted()) {
      return; // polled again, gone, or closing
    }
    NotPolledReason reason = NotPolledReason.of(account).orElseThrow();
    try {
      long pollId = pollIds.next(accountId);
      Instant now = clock.instant();
      statuses.accept(
          PollStatus.newBuilder()
              .setIntegratedAccountId(accountId)
              .setIntegration(account.getIntegration())
              .setTenantId(account.getTenantId())
              .setPollId(pollId)
              .setStartedAt(now)
              .setEndedAt(now)
              .setOutcome(PollOutcome.NOT_POLLED)
              .setErrorCategory(reason.category())
              .setMessage(reason.message())
              .build());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // The next refresh tries again; one account's status must not stop the others'.
      LOG.warn("Could not write the not-polled status of account {}: {}", accountId, e.toString());
    }
  }

  @Override
  public void close() throws InterruptedException {
    writer.shutdownNow();
    writer.awaitTermination(10, TimeUnit.SECONDS);
  }
}
