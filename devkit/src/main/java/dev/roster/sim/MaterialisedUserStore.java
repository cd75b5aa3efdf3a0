package dev.roster.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Users held in memory as JSON so churn can change them. Each user keeps the position it got when
 * it joined (joiners go to the end), so paging is stable under concurrent churn: a removal never
 * shifts later users into an already served page.
 */
final class MaterialisedUserStore implements SimUserStore {

  private final ConcurrentNavigableMap<Long, ObjectNode> byPosition = new ConcurrentSkipListMap<>();
  private final Map<String, Long> positionById = new ConcurrentHashMap<>();
  private long nextPosition;

  @Override
  public long size() {
    return byPosition.size();
  }

  @Override
  public Page page(long fromPosition, int max) {
    List<ObjectNode> users = new ArrayList<>(Math.min(max, 1024));
    long next = -1;
    for (Map.Entry<Long, ObjectNode> e : byPosition.tailMap(fromPosition, true).entrySet()) {
      if (users.size() == max) {
        next = e.getKey();
        break;
      }
      users.add(e.getValue());
    }
    return new Page(users, next);
  }

  @Override
  public Optional<ObjectNode> find(String userId) {
    Long position = positionById.get(userId);
    return position == null ? Optional.empty() : Optional.ofNullable(byPosition.get(position));
  }

  /** The position the next joiner will get; also the index its generated data comes from. */
  synchronized long nextPosition() {
    return nextPosition;
  }

  synchronized void add(ObjectNode user) {
    String id = user.get("id").asText();
    if (positionById.containsKey(id)) {
      throw new IllegalStateException("user " + id + " already exists");
    }
    long position = nextPosition++;
    positionById.put(id, position);
    byPosition.put(position, user);
  }

  /**
   * Replaces a user by a changed copy; the old node stays untouched for whoever is serialising it.
   */
  synchronized void replace(ObjectNode user) {
    Long position = positionById.get(user.get("id").asText());
    if (position == null) {
      throw new IllegalStateException("no user " + user.get("id").asText());
    }
    byPosition.put(position, user);
  }

  synchronized Optional<ObjectNode> remove(String userId) {
    Long position = positionById.remove(userId);
    return position == null ? Optional.empty() : Optional.ofNullable(byPosition.remove(position));
  }

  /**
   * A user picked by {@code randomPosition} (in [0, nextPosition)): the first one at or after it,
   * wrapping around; empty when the store is empty.
   */
  Optional<ObjectNode> pick(long randomPosition) {
    Map.Entry<Long, ObjectNode> e = byPosition.ceilingEntry(randomPosition);
    if (e == null) {
      e = byPosition.firstEntry();
    }
    return e == null ? Optional.empty() : Optional.of(e.getValue());
  }
}
