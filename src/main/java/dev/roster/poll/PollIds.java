package dev.roster.poll;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Allocates poll ids: the start time in epoch milliseconds, bumped past the account's last id when
 * needed. They increase per account within one instance by construction, and across restarts and
 * instances because the next poll of an account starts minutes later on any clock that is roughly
 * right: no coordination, no stored counter. The detector ignores observations older than what it
 * has seen, so an id must never go backwards for an account; a clock stepped back by more than the
 * poll interval would do that, and NTP-synchronised hosts do not.
 */
public final class PollIds {

  private final Clock clock;
  private final ConcurrentMap<String, Long> last = new ConcurrentHashMap<>();

  public PollIds(Clock clock) {
    this.clock = clock;
  }

  public long next(String accountId) {
    return last.merge(accountId, clock.millis(), (previous, now) -> Math.max(previous + 1, now));
  }
}
