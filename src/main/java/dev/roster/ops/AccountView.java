package dev.roster.ops;

import dev.roster.avro.PollOutcome;
import java.time.Duration;
import java.time.Instant;

/**
 * One account as the status page shows it, at one instant.
 *
 * @param lastOutcome null when never polled
 * @param lastPollAge time since the last poll ended; null when never polled
 * @param lastError error category and message of the last poll, in words; null when it completed
 * @param nextPollEstimate end of the last poll plus the interval; null when never polled
 * @param guardReason why the mass-removal guard holds removals; null when it holds none
 */
public record AccountView(
    String id,
    String integration,
    String tenant,
    AccountHealth state,
    PollOutcome lastOutcome,
    Duration lastPollAge,
    long usersSeen,
    String lastError,
    Instant nextPollEstimate,
    long removalsHeld,
    String guardReason) {}
