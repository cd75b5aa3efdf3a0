package dev.roster.detect;

import dev.roster.avro.User;
import java.util.List;

/**
 * Compares two versions of one user field by field, under the same rules as {@link Fingerprints}.
 */
public final class UserDiff {

  private UserDiff() {}

  public static UserComparison compare(User before, User after, DiffRules rules) {
    CanonicalUser old = CanonicalUser.of(before, rules);
    CanonicalUser now = CanonicalUser.of(after, rules);
    // Both sides come from the same rules, so they hold the same field names in the same (schema)
    // order.
    List<String> changedFields =
        old.content().keySet().stream()
            .filter(field -> !old.content().get(field).equals(now.content().get(field)))
            .toList();
    boolean statusChanged =
        changedFields.contains(UserFields.STATUS)
            || changedFields.contains(UserFields.STATUS_CATEGORY);
    return new UserComparison(
        changedFields,
        statusChanged,
        !old.quiet().equals(now.quiet()),
        !old.remoteData().equals(now.remoteData()));
  }
}
