package dev.roster.detect;

import dev.roster.avro.ChangeType;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What one detector task remembers of an account.
 *
 * @param baselineDone a complete poll has been processed: new users are news from now on
 * @param lastCompletePoll the newest complete poll processed (older markers are stale)
 * @param knownUsers the account's users (all partitions) after the last accepted complete poll:
 *     what the mass-removal guard compares the next poll with
 * @param heldPolls consecutive complete polls whose removals the mass-removal guard has held; once
 *     they are the first hold and its confirmations, what they saw is the account's new normal
 * @param countedPoll the poll whose events {@code counts} counts, for its summary
 * @param counts events of {@code countedPoll} by ChangeType symbol name, types without events left
 *     out. By name, not by position: Avro matches enum symbols by name, so a later ChangeType may
 *     add or reorder symbols. A count of a symbol this build does not know (stored by a later
 *     Roster before a rollback) is kept and written back, not dropped: this build's summary has no
 *     field for it, but the later Roster's summary of the same poll would come out short without
 *     it.
 */
record AccountState(
    boolean baselineDone,
    long lastCompletePoll,
    long knownUsers,
    int heldPolls,
    long countedPoll,
    Map<String, Long> counts) {

  static final AccountState NEW =
      new AccountState(false, Long.MIN_VALUE, 0, 0, Long.MIN_VALUE, Map.of());

  /**
   * Sorted, so that equal states are equal bytes; zero counts dropped, so that they do not tell
   * equal states apart.
   */
  AccountState {
    TreeMap<String, Long> kept = new TreeMap<>(counts);
    kept.values().removeIf(count -> count == 0);
    counts = Collections.unmodifiableSortedMap(kept);
  }

  /** Counts one event of {@code pollId}; a new poll starts its counts from zero. */
  AccountState counted(ChangeType type, long pollId) {
    Map<String, Long> next = pollId == countedPoll ? new TreeMap<>(counts) : new TreeMap<>();
    next.merge(type.name(), 1L, Long::sum);
    return new AccountState(baselineDone, lastCompletePoll, knownUsers, heldPolls, pollId, next);
  }

  long count(ChangeType type, long pollId) {
    return pollId == countedPoll ? counts.getOrDefault(type.name(), 0L) : 0;
  }

  /**
   * After complete poll {@code pollId}: the baseline is done, older polls are stale.
   *
   * @param newKnownUsers what the guard compares the next poll with
   * @param newHeldPolls consecutive complete polls the guard has held, this one included
   */
  AccountState completed(long pollId, long newKnownUsers, int newHeldPolls) {
    return new AccountState(true, pollId, newKnownUsers, newHeldPolls, countedPoll, counts);
  }

  static Serde<AccountState> serde() {
    return Serdes.serdeFrom(AccountStateFormat::write, AccountStateFormat::read);
  }
}
