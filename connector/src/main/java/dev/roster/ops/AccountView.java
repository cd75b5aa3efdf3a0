package dev.roster.ops;

import dev.roster.avro.PollOutcome;
import java.time.Duration;
import java.time.Instant;

/**
 * One account as the status page shows it, at one instant.
 *
 * @param lastOutcome of the account's last status (NOT_POLLED: it is not polled); null when it has
 *     none
 * @param lastPollAge time since the last status was written; null when it has none
 * @param lastCompleteAge time since the last complete poll ended: how old the account's data is;
 *     null when none is known
 * @param lastError error category and message of the last poll, or why the account is not polled,
 *     in words; null when it completed
 * @param nextPollEstimate end of the last poll plus the interval; null when never polled or not
 *     polled
 * @param guardReason why the mass-removal guard holds removals; null when it holds none
 */
public record AccountView(
    String id,
    String integration,
    String tenant,
    AccountHealth state,
    PollOutcome lastOutcome,
    Duration lastPollAge,
    Duration lastCompleteAge,
    long usersSeen,
    String lastError,
    Instant nextPollEstimate,
    long removalsHeld,
    String guardReason) {}
