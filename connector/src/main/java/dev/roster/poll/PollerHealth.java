package dev.roster.poll;

import java.time.Instant;
import java.util.Optional;

/**
 * What the poller's loop is doing, for the health endpoints: its phase, when an iteration of the
 * loop last went through (read the accounts, started what was due), and how often in a row it has
 * failed since.
 *
 * @param lastProgress when the last iteration went through; the loop's start before the first one
 * @param lastError the last unexpected failure of the loop, in words; empty once an iteration goes
 *     through
 */
public record PollerHealth(
    Phase phase, Instant lastProgress, int consecutiveFailures, Optional<String> lastError) {

  /** Where the loop is in its life. */
  public enum Phase {
    /** Created, loop not started yet. */
    STARTING,
    /** Reading the accounts and starting polls. */
    RUNNING,
    /** Stopped as asked. */
    STOPPED,
    /** Ended by a failure it cannot go on from. */
    FAILED
  }
}
