package dev.roster.poll;

import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Allocates poll ids: the start time in epoch milliseconds, unless the account's last id is not
 * behind that clock, then the last id + 1. The detector ignores observations and markers of a poll
 * id at or below the account's last complete poll, so an id must never go backwards for an account,
 * whichever instance polls it and whatever its clock says.
 *
 * <p>Within one instance the ids of an account increase by construction. When an account comes to
 * an instance (start, rebalance), its first id continues from the last one recorded on
 * roster.poll-status by any instance: that first allocation waits, at most {@code catchUpWait},
 * until this instance has read the statuses committed before it. An instance whose clock is an hour
 * behind the previous owner's thus polls with ids just above the previous owner's, not an hour of
 * ignored polls. NOT_POLLED statuses take their ids from here too, so every status on the topic
 * belongs to the one sequence.
 */
public final class PollIds implements OwnershipListener {

  /**
   * How long the first poll id of an account waits for the recorded ids, by default:
   * roster.poll-status is compacted to about one status per account, read in seconds; a reader
   * stuck longer must not stop polling (the log line says what that risks).
   */
  public static final Duration CATCH_UP_WAIT = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(PollIds.class);

  /**
   * Less than this between clocks is ordinary; more is worth a log line when an account arrives.
   */
  private static final Duration CLOCK_SKEW_WORTH_SAYING = Duration.ofSeconds(1);

  private final Clock clock;
  private final RecordedPollIds recorded;
  private final Duration catchUpWait;
  private final ConcurrentMap<String, Long> last = new ConcurrentHashMap<>();

  public PollIds(Clock clock, RecordedPollIds recorded, Duration catchUpWait) {
    this.clock = clock;
    this.recorded = recorded;
    this.catchUpWait = catchUpWait;
  }

  /**
   * The rule: {@code now} (epoch ms), unless the account's last id is not behind it; {@code last}
   * empty when unknown.
   */
  static long nextId(long now, OptionalLong last) {
    return last.isPresent() && last.getAsLong() >= now ? last.getAsLong() + 1 : now;
  }

  /**
   * The id of the account's next poll (or NOT_POLLED status); the first one on this instance may
   * wait to read the recorded ids.
   */
  public long next(String accountId) throws InterruptedException {
    if (!last.containsKey(accountId)) {
      OptionalLong recordedId = recordedLast(accountId);
      if (recordedId.isPresent()) {
        sayIfClockBehind(accountId, recordedId.getAsLong());
        last.merge(accountId, recordedId.getAsLong(), Math::max);
      }
    }
    return last.compute(
        accountId,
        (id, previous) ->
            nextId(
                clock.millis(),
                previous == null ? OptionalLong.empty() : OptionalLong.of(previous)));
  }

  /**
   * The account left this instance: its next owner may poll it meanwhile, so its next id here
   * starts from the record again.
   */
  @Override
  public void released(String accountId) {
    last.remove(accountId);
  }

  private void sayIfClockBehind(String accountId, long recordedId) {
    long ahead = recordedId - clock.millis();
    if (ahead > CLOCK_SKEW_WORTH_SAYING.toMillis()) {
      LOG.info(
          "Account {}: its last recorded poll id {} is {} ahead of this instance's clock; its poll ids go on from there "
              + "(is this host's clock behind?)",
          accountId,
          recordedId,
          Duration.ofMillis(ahead));
    }
  }

  private OptionalLong recordedLast(String accountId) throws InterruptedException {
    try {
      recorded.readToCurrentEnd().get(catchUpWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      OptionalLong known = recorded.last(accountId);
      String why =
          e instanceof TimeoutException
              ? "it was not read within " + catchUpWait
              : "it could not be read (" + e.getCause() + ")";
      LOG.warn(
          "Account {}: its first poll id here continues from {} without the latest of roster.poll-status: {}. This is safe unless "
              + "another instance polled the account with a clock ahead of this one's and that status is among those not read: then "
              + "the detector ignores this account's polls until this clock passes that poll id.",
          accountId,
          known.isPresent()
              ? "the last id read, " + known.getAsLong()
              : "the clock (no id read for the account)",
          why);
      return known;
    }
    return recorded.last(accountId);
  }
}
