package dev.roster.detect;

import dev.roster.avro.ChangeType;
import dev.roster.avro.User;
import java.util.Objects;

/** Decides what one observation of a user means, from the few bytes of state kept per user. */
public final class UserObservationRules {

  private UserObservationRules() {}

  /**
   * @param stored the user's state; null when never seen or removed since
   * @param observed the user as this poll saw it
   * @param pollId the poll that saw it
   * @param baselineDone whether the account's first complete poll (its baseline) has completed
   */
  public static ObservationOutcome decide(
      StoredUserState stored, User observed, long pollId, boolean baselineDone, DiffRules rules) {
    Objects.requireNonNull(observed, "observed");
    Objects.requireNonNull(rules, "rules");
    if (stored == null) {
      return new ObservationOutcome.Appeared(
          baselineDone ? ChangeType.USER_CREATED : ChangeType.USER_DISCOVERED);
    }
    if (pollId < stored.lastSeenPoll()) {
      return new ObservationOutcome.Stale();
    }
    if (pollId == stored.lastSeenPoll()) {
      return new ObservationOutcome.Repeat();
    }
    Fingerprints now = Fingerprints.of(observed, rules);
    Fingerprints then = stored.fingerprints();
    if (now.content() != then.content()) {
      return new ObservationOutcome.NeedsComparison(now);
    }
    if (now.quiet() != then.quiet()) {
      return new ObservationOutcome.QuietChange(now);
    }
    return new ObservationOutcome.Unchanged(now);
  }
}
