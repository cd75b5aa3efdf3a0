package dev.roster.identity;

/**
 * What made the identity stage look at a person: the roster.user-events event that came with a
 * roster.users record, if there was one, and whether it was a baseline.
 *
 * @param eventId the event's id; null for a users record without one (a quiet change, or a table
 *     written before Roster tagged its records)
 * @param baseline true for a baseline ({@code USER_DISCOVERED}) or a record without an event
 */
public record Cause(String eventId, boolean baseline) {

  /** No event: a periodic re-judgement, or a grace period that ended. */
  public static final Cause NONE = new Cause(null, false);
}
