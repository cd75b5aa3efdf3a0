package dev.roster.truto;

/**
 * Something in a user's JSON that mapping had to repair or drop. Returned with the mapped user so
 * the caller can count it (one counter per {@link Kind}) and log it, without this package knowing
 * about metrics.
 *
 * @param kind what went wrong
 * @param field where, as a path such as {@code emails[2].is_primary}
 * @param detail what was found, short and free of the offending value's bulk
 */
public record MappingIssue(Kind kind, String field, String detail) {

  public enum Kind {
    /**
     * A value of the wrong JSON type where a scalar, object or array was expected; it became null
     * or empty.
     */
    WRONG_TYPE(false),
    /** An array element of the wrong shape; it was left out. */
    ELEMENT_SKIPPED(false),
    /** A timestamp in no accepted form; it became null (the raw value stays in remote_data). */
    UNPARSEABLE_TIMESTAMP(false),
    /** A string longer than the cap; it was truncated. */
    STRING_TRUNCATED(true),
    /** An array with more elements than the cap; the rest were dropped. */
    LIST_TRUNCATED(true),
    /** remote_data larger than the cap; it became null (remote_data is droppable by design). */
    REMOTE_DATA_TOO_LARGE(false),
    /** remote_data Jackson could not write (e.g. nested deeper than its limit); it became null. */
    REMOTE_DATA_UNWRITABLE(false);

    private final boolean absurdSize;

    Kind(boolean absurdSize) {
      this.absurdSize = absurdSize;
    }

    /**
     * Whether the repair cut user data because a field was absurdly large: the user is published
     * cut, and the whole entry also goes to the dead letter so the lost part can be read.
     */
    public boolean absurdSize() {
      return absurdSize;
    }
  }
}
