package dev.roster.truto;

import dev.roster.avro.User;
import java.util.List;
import java.util.Objects;

/** The outcome of mapping one unified user: the Avro user with the repairs made, or a rejection. */
public sealed interface MappedUser {

  /** A usable user. {@code issues} is empty when the JSON was clean. */
  record Mapped(User user, List<MappingIssue> issues) implements MappedUser {
    public Mapped {
      Objects.requireNonNull(user, "user");
      issues = List.copyOf(issues);
    }
  }

  /**
   * A user that cannot be keyed, so it cannot be published: it goes to the dead-letter topic, with
   * a snippet its caller makes (scrubbed of credentials, see {@code TrutoClient}).
   */
  record Rejected(RejectionReason reason) implements MappedUser {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
