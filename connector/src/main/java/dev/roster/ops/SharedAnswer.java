package dev.roster.ops;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One answer shared by every request for a period: however many probes, scrapers or curious clients
 * ask, the work behind it (health checks, a scrape, the status page) runs at most once a period,
 * and requests that arrive while it runs wait for that same run. So the work a flood of requests
 * causes is bounded by the periods, not by the requests (docs/architecture.md#ops-server).
 *
 * <p>Work that takes long (a scrape of thousands of accounts) stretches the period: an answer is
 * also kept for {@code idleMultiple} times as long as it took after it is done, so the work keeps
 * its thread busy at most 1 / (1 + idleMultiple) of the time.
 *
 * @param <T> what the work produces
 */
final class SharedAnswer<T> {

  private final Supplier<CompletableFuture<T>> work;
  private final long periodNanos;
  private final int idleMultiple;
  private final LongSupplier nanoTime;
  private CompletableFuture<T> latest;
  private long started;
  private volatile long took;

  /**
   * @param work starts the work and returns at once; the future completes when it is done
   * @param period the least time an answer is kept, from when its work started
   * @param idleMultiple how many times as long as the work took an answer is also kept after it is
   *     done; 0 for {@code period} alone
   * @param nanoTime a monotonic clock ({@link System#nanoTime}), so that a step of the wall clock
   *     can neither pin an old answer nor end the period early
   */
  SharedAnswer(
      Supplier<CompletableFuture<T>> work,
      Duration period,
      int idleMultiple,
      LongSupplier nanoTime) {
    this.work = work;
    this.periodNanos = period.toNanos();
    this.idleMultiple = idleMultiple;
    this.nanoTime = nanoTime;
  }

  synchronized CompletableFuture<T> get() {
    long now = nanoTime.getAsLong();
    if (latest == null
        || latest.isDone() && now - started >= Math.max(periodNanos, (1 + idleMultiple) * took)) {
      long start = now;
      started = start;
      took = 0;
      latest = work.get();
      latest.whenComplete((answer, failure) -> took = nanoTime.getAsLong() - start);
    }
    return latest;
  }
}
