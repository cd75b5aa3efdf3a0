package dev.roster.poll;

import dev.roster.avro.ErrorCategory;
import java.time.Duration;
import java.util.Optional;

/**
 * Why a poll failed, as the scheduler needs it.
 *
 * @param retryAfter how long Truto asked Roster to wait, when it said
 * @param fatalForAllAccounts Truto refused Roster's own API token: no account can be polled
 */
public record PollFailure(
    ErrorCategory category, Optional<Duration> retryAfter, boolean fatalForAllAccounts) {}
