package dev.roster.topics;

/**
 * Headers of roster.users records: the roster.user-events event that came with a users record, so a
 * reader of the table can tell a baseline from a change and find the event. A users record without
 * them is a quiet change (only fields that raise no event), or was written by a Roster older than
 * these headers. Headers are not part of the Avro contract; a reader that does not know them loses
 * nothing.
 */
public final class UserRecordHeaders {

  /** The event's {@code event_id}, UTF-8. */
  public static final String EVENT_ID = "roster_event_id";

  /** The event's {@code type} symbol (USER_DISCOVERED, USER_REMOVED, ...), UTF-8. */
  public static final String EVENT_TYPE = "roster_event_type";

  private UserRecordHeaders() {}
}
