package dev.roster.poll;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the accounts table's guard decided about one answer ({@link AccountRemovalGuard#judge}).
 *
 * @param remove the accounts to tombstone now: gone from the accounts file, or no longer discovered
 *     and not held (or held long enough)
 * @param held the discovered accounts the answer misses but the table keeps, each with how many
 *     consecutive answers missed it: what the next judgement starts from
 * @param holdReason why the answer was held, for operators; empty when it was not
 */
public record AccountRemovals(
    Set<String> remove, Map<String, Integer> held, Optional<String> holdReason) {

  public AccountRemovals {
    remove = Set.copyOf(remove);
    held = Map.copyOf(held);
  }

  /** Whether the answer would have removed too many discovered accounts at once. */
  public boolean answerHeld() {
    return holdReason.isPresent();
  }
}
