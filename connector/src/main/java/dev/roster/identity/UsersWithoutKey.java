package dev.roster.identity;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many users of each tenant have no identity key, in the tasks this instance runs: they are
 * counted, not joined. Each task reports its own partitions' counts (kept exactly-once in its
 * store) and withdraws them when it closes, so summed over instances the figure is the cluster's.
 */
public final class UsersWithoutKey {

  private final Map<String, Map<String, Long>> byTask = new ConcurrentHashMap<>();

  void report(String taskId, String tenant, long count) {
    Map<String, Long> counts = byTask.computeIfAbsent(taskId, t -> new ConcurrentHashMap<>());
    if (count == 0) {
      counts.remove(tenant);
    } else {
      counts.put(tenant, count);
    }
  }

  void withdraw(String taskId) {
    byTask.remove(taskId);
  }

  /** Tenant → users without an identity key, in this instance's tasks. */
  public Map<String, Long> byTenant() {
    Map<String, Long> sums = new java.util.TreeMap<>();
    byTask
        .values()
        .forEach(counts -> counts.forEach((tenant, n) -> sums.merge(tenant, n, Long::sum)));
    return sums;
  }
}
