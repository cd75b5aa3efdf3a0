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

  /**
   * Decides what a fingerprints-only observation ({@code UserUnchanged}) means: the poller says the
   * user is as it last sent it in full, and these are its fingerprints. Only the detector's own
   * state can confirm that; anything else is {@link ObservationOutcome.NotConfirmed}, so a change
   * the detector never stored is asked for in full instead of taken as unchanged.
   *
   * @param stored the user's state; null when never seen or removed since
   * @param claimed the fingerprints the poller computed from the user it saw
   * @param pollId the poll that saw it
   */
  public static ObservationOutcome confirm(
      StoredUserState stored, Fingerprints claimed, long pollId) {
    Objects.requireNonNull(claimed, "claimed");
    if (stored == null) {
      return new ObservationOutcome.NotConfirmed(
          "the detector holds no state for this user (never read in full, or removed since)");
    }
    if (pollId < stored.lastSeenPoll()) {
      return new ObservationOutcome.Stale();
    }
    if (pollId == stored.lastSeenPoll()) {
      return new ObservationOutcome.Repeat();
    }
    if (!claimed.equals(stored.fingerprints())) {
      return new ObservationOutcome.NotConfirmed(
          "its fingerprints differ from the detector's (the detector did not store the poller's last"
              + " full observation of it)");
    }
    return new ObservationOutcome.Unchanged(claimed);
  }
}
