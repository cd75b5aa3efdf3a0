package dev.roster.cli;

import dev.roster.sim.SimRequest;
import dev.roster.sim.TrutoSimulator;
import java.util.List;

/** How far Roster's polls have got, read from the simulator's request log: for tests that strike mid-poll. */
final class ListingProgress {

  private ListingProgress() {}

  /** List pages served so far to the newest poll of {@code accountId} that started after {@code sinceNanos} (System.nanoTime). */
  static int pagesOfLatestPoll(TrutoSimulator sim, String accountId, long sinceNanos) {
    List<SimRequest> pages = sim.requests().matching(r -> r.isUserList() && accountId.equals(r.accountId()) && r.receivedAtNanos() > sinceNanos);
    int firstPage = -1;
    for (int i = 0; i < pages.size(); i++) {
      if (pages.get(i).param("next_cursor") == null) {
        firstPage = i; // a walk starts without a cursor
      }
    }
    return firstPage < 0 ? 0 : pages.size() - firstPage;
  }
}
