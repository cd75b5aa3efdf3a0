package dev.roster.sim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request the simulator answered, as {@link TrutoSimulator#requests()} records it.
 *
 * @param method HTTP method
 * @param path the path without the query
 * @param query decoded query parameters; a repeated parameter keeps every value in order
 * @param accountId the {@code integrated_account_id} parameter, or null
 * @param status the status answered (after faults)
 * @param receivedAtNanos {@link System#nanoTime()} when the request arrived
 */
public record SimRequest(
    String method,
    String path,
    Map<String, List<String>> query,
    String accountId,
    int status,
    long receivedAtNanos) {

  public SimRequest {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    query.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    query = Collections.unmodifiableMap(copy);
  }

  /** The first value of query parameter {@code name}, or null. */
  public String param(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  public boolean isUserList() {
    return path.equals(TrutoSimulator.USERS_PATH);
  }

  public boolean isUserGet() {
    return path.startsWith(TrutoSimulator.USERS_PATH + "/");
  }
}
