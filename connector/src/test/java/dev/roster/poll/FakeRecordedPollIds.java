package dev.roster.poll;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Recorded poll ids without Kafka: what has been "read" so far, and whether reading has reached the
 * end of the topic. By default the end is reached at once; {@link #laggingBy} makes the read arrive
 * later, {@link #neverCatchingUp} never.
 */
final class FakeRecordedPollIds implements RecordedPollIds {

  private final Map<String, Long> read = new ConcurrentHashMap<>();
  private final Map<String, Long> unreadYet = new ConcurrentHashMap<>();
  private final AtomicInteger catchUps = new AtomicInteger();
  private volatile Duration lag = Duration.ZERO;
  private volatile boolean stuck;

  /** The account's last id is on the topic and already read. */
  FakeRecordedPollIds read(String accountId, long pollId) {
    read.put(accountId, pollId);
    return this;
  }

  /** The account's last id is on the topic but read only when a catch-up completes. */
  FakeRecordedPollIds unread(String accountId, long pollId) {
    unreadYet.put(accountId, pollId);
    return this;
  }

  FakeRecordedPollIds laggingBy(Duration lag) {
    this.lag = lag;
    return this;
  }

  FakeRecordedPollIds neverCatchingUp() {
    stuck = true;
    return this;
  }

  /** How often someone waited for the end of the topic. */
  int catchUps() {
    return catchUps.get();
  }

  @Override
  public CompletableFuture<Void> readToCurrentEnd() {
    catchUps.incrementAndGet();
    CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    if (!stuck) {
      CompletableFuture.delayedExecutor(lag.toMillis(), TimeUnit.MILLISECONDS)
          .execute(
              () -> {
                read.putAll(unreadYet);
                caughtUp.complete(null);
              });
    }
    return caughtUp;
  }

  @Override
  public OptionalLong last(String accountId) {
    Long id = read.get(accountId);
    return id == null ? OptionalLong.empty() : OptionalLong.of(id);
  }
}
