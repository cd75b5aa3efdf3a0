package dev.roster.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One health answer shared by every request for a period: however many probes, scrapers or curious
 * clients ask, the checks behind it (the broker, the registry) run at most once a period, and
 * requests that arrive while they run wait for that same run.
 */
final class CachedHealth {

  private final Supplier<CompletableFuture<HealthReport>> run;
  private final Duration period;
  private final Supplier<Instant> clock;
  private CompletableFuture<HealthReport> latest;
  private Instant started;

  CachedHealth(
      Supplier<CompletableFuture<HealthReport>> run, Duration period, Supplier<Instant> clock) {
    this.run = run;
    this.period = period;
    this.clock = clock;
  }

  synchronized CompletableFuture<HealthReport> get() {
    Instant now = clock.get();
    if (latest == null || latest.isDone() && stale(now)) {
      latest = run.get();
      started = now;
    }
    return latest;
  }

  /**
   * A clock that went back counts as stale too, so a step of the wall clock cannot pin an old
   * answer.
   */
  private boolean stale(Instant now) {
    return now.isBefore(started) || !now.isBefore(started.plus(period));
  }
}
