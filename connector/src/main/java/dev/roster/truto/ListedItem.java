package dev.roster.truto;

import dev.roster.avro.User;
import java.util.List;

/**
 * What a listing hands to its consumer: one item per user entry Truto returned, and one for a
 * response that could not be read at all.
 */
public sealed interface ListedItem {

  /**
   * A user, mapped; {@code issues} are the repairs the mapping made. {@code rawSnippet}, the start
   * of the entry's JSON, is there only when a repair cut an absurdly large field, for the dead
   * letter.
   */
  record Observed(User user, List<MappingIssue> issues, String rawSnippet) implements ListedItem {
    public Observed {
      issues = List.copyOf(issues);
    }

    public Observed(User user, List<MappingIssue> issues) {
      this(user, issues, null);
    }

    /** The repairs that cut an absurdly large field. */
    public List<MappingIssue> absurdSizes() {
      return issues.stream().filter(issue -> issue.kind().absurdSize()).toList();
    }
  }

  /**
   * An entry that cannot be a user (no id, not an object): for the dead letter, with the reason.
   */
  record Rejected(RejectionReason reason, String rawSnippet) implements ListedItem {}

  /**
   * A second entry with an id already listed in this poll: the first one is kept, this one goes to
   * the dead letter ({@code rawSnippet} is the start of its JSON).
   */
  record Duplicate(String userId, String rawSnippet) implements ListedItem {}

  /**
   * A user the list showed whose full object its get could not find (404): a race with the vendor
   * or a hiccup, not proof of removal. The user stays as it was; only absence from a complete
   * listing removes.
   */
  record Unconfirmed(String userId, String reason) implements ListedItem {}

  /**
   * A response that is not readable JSON (malformed, truncated, invalid UTF-8): the listing fails
   * right after this item, and {@code body} is kept for the dead letter.
   */
  record Unreadable(String reason, byte[] body) implements ListedItem {}
}
