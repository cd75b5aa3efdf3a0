package dev.roster.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.avro.ChangeType;
import dev.roster.sim.SimChange;
import dev.roster.sim.TrutoSimulator;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What Roster should report for the simulator's recorded changes between two complete polls: per
 * user, the net effect of its changes (several changes to one user between polls are one event).
 */
final class SimTruth {

  static final Set<String> QUIET =
      Set.of("last_login_at", "last_active_at", "updated_at", "remote_data");

  private SimTruth() {}

  /**
   * "account/user" of every user the accounts have now, e.g. the users a baseline must discover.
   */
  static List<String> currentUsers(TrutoSimulator sim, Collection<String> accountIds) {
    return accountIds.stream()
        .flatMap(id -> sim.snapshot(id).stream().map(user -> id + "/" + user.path("id").asText()))
        .toList();
  }

  /** account/user → the event type Roster must publish for it. */
  static Map<String, ChangeType> expectedEvents(List<SimChange> changes) {
    Map<String, List<SimChange>> byUser =
        changes.stream()
            .collect(
                Collectors.groupingBy(
                    c -> c.accountId() + "/" + c.userId(),
                    LinkedHashMap::new,
                    Collectors.toList()));
    Map<String, ChangeType> expected = new LinkedHashMap<>();
    byUser.forEach(
        (user, history) -> {
          ObjectNode before = history.get(0).before();
          ObjectNode after = history.get(history.size() - 1).after();
          if (before == null && after != null) {
            expected.put(user, ChangeType.USER_CREATED);
          } else if (before != null && after == null) {
            expected.put(user, ChangeType.USER_REMOVED);
          } else if (before != null) {
            if (!before.path("status").equals(after.path("status"))) {
              expected.put(user, ChangeType.USER_STATUS_CHANGED);
            } else if (contentDiffers(before, after)) {
              expected.put(user, ChangeType.USER_UPDATED);
            }
          }
        });
    return expected;
  }

  private static boolean contentDiffers(ObjectNode before, ObjectNode after) {
    Set<String> fields = new HashSet<>();
    before.fieldNames().forEachRemaining(fields::add);
    after.fieldNames().forEachRemaining(fields::add);
    fields.removeAll(QUIET);
    return fields.stream().anyMatch(field -> !sameValue(before.path(field), after.path(field)));
  }

  /** Arrays compare as sets, as Roster compares them. */
  private static boolean sameValue(JsonNode a, JsonNode b) {
    if (a.isArray() && b.isArray()) {
      Set<JsonNode> left = new HashSet<>();
      a.forEach(left::add);
      Set<JsonNode> right = new HashSet<>();
      b.forEach(right::add);
      return left.equals(right);
    }
    return a.equals(b);
  }
}
