package dev.roster.ops;

import dev.roster.ops.HealthCheck.CheckResult;
import dev.roster.poll.PollerHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;

/**
 * When the poller and the change detector count as live and as ready. Not live means this process
 * cannot do its work any more and only a restart helps: the detector failed (Streams in ERROR), the
 * poll loop ended on a failure, or it has made no progress for {@link #STALL_LIMIT}. Not ready
 * means it is not doing its work now but may by itself: starting, rebalancing, or the loop failing
 * for a while ({@link #PROGRESS_WINDOW}). A stop that was asked for is neither: the process is
 * doing what it was told, and a failing liveness probe would only get it killed before it is done.
 */
public final class HealthRules {

  /**
   * The poll loop goes round at least every half second; this long without getting through one, it
   * is not ready.
   */
  public static final Duration PROGRESS_WINDOW = Duration.ofSeconds(30);

  /** This long without getting through one, the loop is stuck or failing for good: not live. */
  public static final Duration STALL_LIMIT = Duration.ofMinutes(5);

  private HealthRules() {}

  /** Live unless Streams failed: ERROR, or on its way there. */
  public static CheckResult detectorLive(KafkaStreams.State state, Optional<Throwable> failure) {
    if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR) {
      return CheckResult.down(
          "change detector failed (" + state + ")" + failure.map(e -> ": " + e).orElse(""));
    }
    return CheckResult.up(state.name());
  }

  /** Ready when it processes: RUNNING. */
  public static CheckResult detectorReady(KafkaStreams.State state) {
    return state == KafkaStreams.State.RUNNING
        ? CheckResult.up("RUNNING")
        : CheckResult.down("change detector is " + state);
  }

  /**
   * Live unless the loop ended on a failure or has not got through an iteration for {@link
   * #STALL_LIMIT}.
   */
  public static CheckResult pollerLive(PollerHealth health, Instant now) {
    if (health.phase() == PollerHealth.Phase.FAILED) {
      return CheckResult.down("poll loop ended: " + health.lastError().orElse("unknown failure"));
    }
    if (health.phase() == PollerHealth.Phase.RUNNING
        && stalledFor(health, now).compareTo(STALL_LIMIT) > 0) {
      return CheckResult.down(
          "poll loop has made no progress for "
              + stalledFor(health, now).toSeconds()
              + " s"
              + lastError(health));
    }
    return CheckResult.up(health.phase().name());
  }

  /** Ready when the loop runs and got through an iteration within {@link #PROGRESS_WINDOW}. */
  public static CheckResult pollerReady(PollerHealth health, Instant now) {
    if (health.phase() != PollerHealth.Phase.RUNNING) {
      return CheckResult.down("poll loop is " + health.phase() + lastError(health));
    }
    Duration stalled = stalledFor(health, now);
    if (stalled.compareTo(PROGRESS_WINDOW) > 0) {
      return CheckResult.down(
          "poll loop has made no progress for "
              + stalled.toSeconds()
              + " s ("
              + health.consecutiveFailures()
              + " failures in a row)"
              + lastError(health));
    }
    return CheckResult.up("RUNNING, last round " + stalled.toMillis() + " ms ago");
  }

  private static Duration stalledFor(PollerHealth health, Instant now) {
    Duration since = Duration.between(health.lastProgress(), now);
    return since.isNegative() ? Duration.ZERO : since;
  }

  private static String lastError(PollerHealth health) {
    return health.lastError().map(error -> "; last error: " + error).orElse("");
  }
}
