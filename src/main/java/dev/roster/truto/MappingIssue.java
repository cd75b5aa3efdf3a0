package dev.roster.truto;

/**
 * Something in a user's JSON that mapping had to repair or drop. Returned with the mapped user so the caller
 * can count it (one counter per {@link Kind}) and log it, without this package knowing about metrics.
 *
 * @param kind   what went wrong
 * @param field  where, as a path such as {@code emails[2].is_primary}
 * @param detail what was found, short and free of the offending value's bulk
 */
public record MappingIssue(Kind kind, String field, String detail) {

    public enum Kind {
        /** A value of the wrong JSON type where a scalar, object or array was expected; it became null or empty. */
        WRONG_TYPE,
        /** An array element of the wrong shape; it was left out. */
        ELEMENT_SKIPPED,
        /** A timestamp in no accepted form; it became null (the raw value stays in remote_data). */
        UNPARSEABLE_TIMESTAMP,
        /** A string longer than the cap; it was truncated. */
        STRING_TRUNCATED,
        /** remote_data larger than the cap; it became null. */
        REMOTE_DATA_TOO_LARGE,
        /** remote_data Jackson could not write (e.g. nested deeper than its limit); it became null. */
        REMOTE_DATA_UNWRITABLE
    }
}
