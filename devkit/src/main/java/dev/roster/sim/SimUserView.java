package dev.roster.sim;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;

/**
 * How a stored user is shown in one answer: partial (list items of partial-response integrations),
 * without {@code remote_data} ({@code truto_ignore_remote_data=true}), without the fields in {@code
 * truto_exclude_fields[]}. Never modifies the stored user.
 */
record SimUserView(boolean partial, boolean dropRemoteData, Set<String> excludedFields) {

  /** What a partial list item keeps. */
  static final List<String> PARTIAL_FIELDS = List.of("id", "name", "username", "emails");

  SimUserView {
    excludedFields = Set.copyOf(excludedFields);
  }

  static SimUserView of(SimHttpRequest request, boolean partial) {
    return new SimUserView(
        partial,
        "true".equalsIgnoreCase(request.param("truto_ignore_remote_data")),
        Set.copyOf(request.params("truto_exclude_fields[]")));
  }

  ObjectNode apply(ObjectNode user) {
    if (partial) {
      ObjectNode item = JsonNodeFactory.instance.objectNode();
      for (String field : PARTIAL_FIELDS) {
        if (user.has(field) && !excludedFields.contains(field)) {
          item.set(field, user.get(field));
        }
      }
      return item.put("is_partial_response", true);
    }
    if (!dropRemoteData && excludedFields.isEmpty()) {
      return user;
    }
    // A shallow copy is enough: stored users' children are never modified either.
    ObjectNode shown = JsonNodeFactory.instance.objectNode().setAll(user);
    if (dropRemoteData) {
      shown.remove("remote_data");
    }
    shown.remove(excludedFields);
    return shown;
  }
}
