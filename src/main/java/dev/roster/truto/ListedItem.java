package dev.roster.truto;

import dev.roster.avro.User;
import java.util.List;

/** What a listing hands to its consumer, one item per user entry Truto returned. */
public sealed interface ListedItem {

  /** A user, mapped; {@code issues} are the repairs the mapping made. */
  record Observed(User user, List<MappingIssue> issues) implements ListedItem {
    public Observed {
      issues = List.copyOf(issues);
    }
  }

  /** An entry that cannot be a user (no id, not an object): for the dead letter, with the reason. */
  record Rejected(RejectionReason reason, String rawSnippet) implements ListedItem {}

  /** A second entry with an id already listed in this poll: the first one is kept. */
  record Duplicate(String userId) implements ListedItem {}
}
