package dev.roster.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * The users of one account, in a stable order of positions. Cursors carry a position, so a page is
 * "the users at or after this position", which stays correct when users are added or removed
 * between pages. Returned nodes are never mutated afterwards (churn replaces them), so callers may
 * serialise them without locking but must not modify them.
 */
interface SimUserStore {

  /** How many users the account has now. */
  long size();

  /** Up to {@code max} users at or after {@code fromPosition}. */
  Page page(long fromPosition, int max);

  Optional<ObjectNode> find(String userId);

  /**
   * One page of users.
   *
   * @param users the users, in position order
   * @param nextPosition where the next page starts, or -1 when this page is the last
   */
  record Page(List<ObjectNode> users, long nextPosition) {
    public Page {
      users = List.copyOf(users);
    }

    boolean isLast() {
      return nextPosition < 0;
    }
  }
}
