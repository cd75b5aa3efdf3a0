package dev.roster.detect;

import java.util.List;

/**
 * What differs between two versions of one user, by {@link UserDiff#compare}.
 *
 * @param changedFields non-quiet top-level User fields whose values differ, in schema order
 * @param statusChanged whether {@code status} or {@code status_category} is among {@link
 *     #changedFields}
 * @param quietChanged whether a quiet value differs (it may be true alongside content changes too)
 * @param remoteDataChanged whether {@code remote_data} differs; on its own this changes nothing
 */
public record UserComparison(
    List<String> changedFields,
    boolean statusChanged,
    boolean quietChanged,
    boolean remoteDataChanged) {

  public UserComparison {
    changedFields = List.copyOf(changedFields);
  }

  /** A change event is due. */
  public boolean raisesEvent() {
    return !changedFields.isEmpty();
  }

  /** The users table needs the new version; remote data alone never asks for it. */
  public boolean updatesTable() {
    return raisesEvent() || quietChanged;
  }
}
