package dev.roster.cli;

import static org.awaitility.Awaitility.await;

import dev.roster.sim.SimChange;
import dev.roster.sim.SimRequest;
import dev.roster.sim.TrutoSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How far Roster's polls have got, read from the simulator's request log: for tests that strike
 * mid-poll.
 */
final class ListingProgress {

  /** A poll of an account under way, slowed down, with the changes it is to report. */
  record SlowPoll(TrutoSimulator sim, String accountId, long sinceNanos, List<SimChange> changes) {
    /** List pages the poll has fetched so far. */
    int pages() {
      return pagesOfLatestPoll(sim, accountId, sinceNanos);
    }
  }

  private ListingProgress() {}

  /**
   * Clears the simulator's truth, makes {@code changes} changes to {@code accountId}, slows its
   * pages down by {@code delay} each, and waits until the poll that is to report them has fetched
   * {@code pages} pages: a poll part way, for a test to strike. The caller clears the delay.
   */
  static SlowPoll slowPollPartWay(
      TrutoSimulator sim, String accountId, int changes, Duration delay, int pages) {
    sim.truth().clear();
    long since = System.nanoTime();
    SlowPoll poll =
        new SlowPoll(sim, accountId, since, new ArrayList<>(sim.churn(accountId, changes)));
    sim.faults(accountId).delay(delay);
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> poll.pages() >= pages);
    return poll;
  }

  /**
   * List pages served so far to the newest poll of {@code accountId} that started after {@code
   * sinceNanos} (System.nanoTime).
   */
  static int pagesOfLatestPoll(TrutoSimulator sim, String accountId, long sinceNanos) {
    List<SimRequest> pages =
        sim.requests()
            .matching(
                r ->
                    r.isUserList()
                        && accountId.equals(r.accountId())
                        && r.receivedAtNanos() > sinceNanos);
    int firstPage = -1;
    for (int i = 0; i < pages.size(); i++) {
      if (pages.get(i).param("next_cursor") == null) {
        firstPage = i; // a walk starts without a cursor
      }
    }
    return firstPage < 0 ? 0 : pages.size() - firstPage;
  }
}
