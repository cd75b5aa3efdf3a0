package dev.roster.detect;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the change detector counts as a change.
 *
 * @param quietFields top-level User fields whose changes update the users table but raise no event
 *     (volatile activity timestamps, by default)
 * @param quietLicenseActivity whether {@code licenses[].last_active_at} is quiet too
 */
public record DiffRules(Set<String> quietFields, boolean quietLicenseActivity) {

  /** Volatile timestamps most vendors bump on every sign-in or sync. */
  public static final Set<String> DEFAULT_QUIET_FIELDS =
      Set.of("last_login_at", "last_active_at", "updated_at");

  public DiffRules {
    Objects.requireNonNull(quietFields, "quietFields");
    quietFields = Set.copyOf(quietFields);
    List<String> unknown =
        quietFields.stream().filter(name -> !UserFields.COMPARED.contains(name)).sorted().toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "quiet fields "
              + unknown
              + " are not compared User fields (id, integrated_account_id, observed_at and remote_data never"
              + " raise events anyway); valid names: "
              + quietableFields());
    }
  }

  public static DiffRules defaults() {
    return new DiffRules(DEFAULT_QUIET_FIELDS, true);
  }

  /** The User field names {@link #quietFields} may contain, in schema order. */
  public static List<String> quietableFields() {
    return UserFields.COMPARED;
  }

  public boolean isQuiet(String field) {
    return quietFields.contains(field);
  }
}
