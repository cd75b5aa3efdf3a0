package dev.roster.sim;

import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Predicate;

/**
 * A bounded, clearable, thread-safe record of what happened, oldest first. When full it forgets the
 * oldest entry and counts it in {@link #dropped()}, so a test can tell that it no longer sees
 * everything.
 */
public final class SimLog<T> {

  private final int capacity;
  private final ArrayDeque<T> entries = new ArrayDeque<>();
  private long dropped;

  SimLog(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    this.capacity = capacity;
  }

  synchronized void add(T entry) {
    if (entries.size() == capacity) {
      entries.removeFirst();
      dropped++;
    }
    entries.addLast(entry);
  }

  public synchronized List<T> all() {
    return List.copyOf(entries);
  }

  public synchronized List<T> matching(Predicate<? super T> filter) {
    return entries.stream().filter(filter).toList();
  }

  public synchronized int size() {
    return entries.size();
  }

  /** Entries forgotten because the log was full, since the last {@link #clear()}. */
  public synchronized long dropped() {
    return dropped;
  }

  public synchronized void clear() {
    entries.clear();
    dropped = 0;
  }
}
