package dev.roster.poll;

import java.util.Set;

/**
 * Which partitions of the accounts table this instance owns now, out of how many. Kafka's consumer
 * group assigns them, so what follows from them needs no lock of Roster's own:
 *
 * <ul>
 *   <li>the instance's share of the API token's budget follows how many it owns ({@code
 *       dev.roster.truto.TokenShare});
 *   <li>the owner of partition 0 leads: it alone runs discovery and syncs the accounts table.
 *       Partition 0 exists whether or not the table holds anything, so the group has a leader from
 *       its first assignment (the table's first sync included), and when the leader goes, the
 *       partition and the lead move to a survivor in the same rebalance.
 * </ul>
 *
 * @param partitions the partition numbers owned
 * @param partitionCount how many partitions the accounts table has
 */
public record AccountsOwnership(Set<Integer> partitions, int partitionCount) {

  /** The partition whose owner leads. */
  static final int LEADER_PARTITION = 0;

  public AccountsOwnership {
    partitions = Set.copyOf(partitions);
    if (partitionCount < 1) {
      throw new IllegalArgumentException(
          "The accounts table has at least one partition, got " + partitionCount);
    }
    if (partitions.stream().anyMatch(p -> p < 0 || p >= partitionCount)) {
      throw new IllegalArgumentException(
          "Partitions " + partitions + " are not all among the table's " + partitionCount);
    }
  }

  public int owned() {
    return partitions.size();
  }

  /** This instance runs discovery and the accounts table's sync. */
  public boolean leads() {
    return partitions.contains(LEADER_PARTITION);
  }
}
