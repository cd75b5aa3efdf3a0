package dev.roster.detect;

import dev.roster.avro.User;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;

/** How the diff rules treat each top-level field of {@link User}, read from the schema itself. */
final class UserFields {

  static final String STATUS = "status";
  static final String STATUS_CATEGORY = "status_category";
  static final String LICENSES = "licenses";
  static final String REMOTE_DATA = "remote_data";

  /**
   * Identity and bookkeeping, not content: they never differ between two versions of one user that
   * matter.
   */
  private static final Set<String> NEVER_COMPARED =
      Set.of("id", "integrated_account_id", "observed_at");

  /**
   * Arrays whose order carries no meaning (the schema's docs say so); every other array is ordered.
   */
  private static final Set<String> UNORDERED_ARRAYS =
      Set.of("emails", "phones", "roles", "organizations", "licenses", "groups", "workspaces");

  /**
   * The fields the content and quiet fingerprints cover, in schema order. Read from the schema so a
   * field a later schema version adds is compared without anyone remembering to list it here.
   */
  static final List<String> COMPARED =
      User.getClassSchema().getFields().stream()
          .map(Schema.Field::name)
          .filter(name -> !NEVER_COMPARED.contains(name) && !name.equals(REMOTE_DATA))
          .toList();

  private UserFields() {}

  static boolean isUnorderedArray(String field) {
    return UNORDERED_ARRAYS.contains(field);
  }
}
