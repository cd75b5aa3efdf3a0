package dev.roster.truto;

/**
 * Limits and switches for {@link UserMapper}.
 *
 * @param maxStringChars longest string field kept, in UTF-16 chars; longer strings are truncated
 *     (the user id is never truncated: a user whose id is longer is rejected, because a cut id
 *     could collide with another user's)
 * @param maxRemoteDataBytes largest {@code remote_data} kept, in UTF-8 bytes of its compact JSON
 *     text; larger remote data becomes null (a cut JSON text would not be JSON)
 * @param includeRemoteData false drops {@code remote_data} altogether
 * @param maxListElements most elements kept of one array field (roles, groups, ...); the rest are
 *     dropped. A user must fit one Kafka record, and its change event carries it twice (before and
 *     after), so a user with 100,000 roles would otherwise stop its account's every poll
 * @param maxUserChars most chars of text kept across all of one user's strings; once spent, later
 *     strings are cut (status is read first, so it is always kept). With the list cap and
 *     remote_data's it keeps a user under about 400 KB, so the change event that carries it twice
 *     still fits Kafka's default 1 MB record
 */
public record MappingSettings(
    int maxStringChars,
    int maxRemoteDataBytes,
    boolean includeRemoteData,
    int maxListElements,
    int maxUserChars) {

  public static final int DEFAULT_MAX_STRING_CHARS = 64 * 1024;
  public static final int DEFAULT_MAX_REMOTE_DATA_BYTES = 64 * 1024;

  /** About 20 bytes of Avro per element: a full list of roles or groups stays near 20 KB. */
  public static final int DEFAULT_MAX_LIST_ELEMENTS = 1000;

  /** At most 3 UTF-8 bytes per char: under 300 KB of text. */
  public static final int DEFAULT_MAX_USER_CHARS = 96 * 1024;

  public MappingSettings(int maxStringChars, int maxRemoteDataBytes, boolean includeRemoteData) {
    this(
        maxStringChars,
        maxRemoteDataBytes,
        includeRemoteData,
        DEFAULT_MAX_LIST_ELEMENTS,
        DEFAULT_MAX_USER_CHARS);
  }

  public MappingSettings {
    if (maxUserChars < 1) {
      throw new IllegalArgumentException("maxUserChars must be at least 1, was " + maxUserChars);
    }
    if (maxListElements < 1) {
      throw new IllegalArgumentException(
          "maxListElements must be at least 1, was " + maxListElements);
    }
    if (maxStringChars < 1) {
      throw new IllegalArgumentException(
          "maxStringChars must be at least 1, was " + maxStringChars);
    }
    if (maxRemoteDataBytes < 0) {
      throw new IllegalArgumentException(
          "maxRemoteDataBytes must not be negative, was " + maxRemoteDataBytes);
    }
  }

  public static MappingSettings defaults() {
    return new MappingSettings(DEFAULT_MAX_STRING_CHARS, DEFAULT_MAX_REMOTE_DATA_BYTES, true);
  }
}
