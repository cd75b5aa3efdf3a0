package dev.roster.detect;

import dev.roster.avro.ChangeType;
import java.util.Objects;

/**
 * What one observation of a user means against the stored state, by {@link
 * UserObservationRules#decide}.
 */
public sealed interface ObservationOutcome {

  /**
   * From a poll older than the stored state: an older poll never overwrites newer state. Ignore it.
   */
  record Stale() implements ObservationOutcome {}

  /** The same user twice in one poll: ignore the repeat. */
  record Repeat() implements ObservationOutcome {}

  /**
   * Never seen, or seen again after removal: publish the user and an event of this type.
   *
   * @param type USER_DISCOVERED during the account's baseline, USER_CREATED after it
   */
  record Appeared(ChangeType type) implements ObservationOutcome {
    public Appeared {
      Objects.requireNonNull(type, "type");
    }
  }

  /**
   * Nothing that matters changed (remote data may have): write only the new last-seen poll.
   *
   * @param fingerprints the observation's; content and quiet equal the stored ones
   */
  record Unchanged(Fingerprints fingerprints) implements ObservationOutcome {
    public Unchanged {
      Objects.requireNonNull(fingerprints, "fingerprints");
    }
  }

  /**
   * Only quiet values changed: update the users table and the state, raise no event.
   *
   * @param fingerprints the observation's
   */
  record QuietChange(Fingerprints fingerprints) implements ObservationOutcome {
    public QuietChange {
      Objects.requireNonNull(fingerprints, "fingerprints");
    }
  }

  /**
   * Content changed: load the stored User, {@link UserDiff#compare} it with the observation and
   * build the event with {@link ChangeEvents#changed}.
   *
   * @param fingerprints the observation's
   */
  record NeedsComparison(Fingerprints fingerprints) implements ObservationOutcome {
    public NeedsComparison {
      Objects.requireNonNull(fingerprints, "fingerprints");
    }
  }

  /**
   * A fingerprints-only observation the stored state does not confirm: keep the user seen by this
   * poll (never removed for it), and ask the poller for it in full next poll.
   *
   * @param why in words, for the log
   */
  record NotConfirmed(String why) implements ObservationOutcome {
    public NotConfirmed {
      Objects.requireNonNull(why, "why");
    }
  }
}
