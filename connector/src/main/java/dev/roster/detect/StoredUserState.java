package dev.roster.detect;

import java.util.Objects;

/**
 * What the detector keeps per user to decide most observations without loading the stored User.
 *
 * @param lastSeenPoll the newest poll that saw the user
 * @param fingerprints of the user as last written to the users table
 */
public record StoredUserState(long lastSeenPoll, Fingerprints fingerprints) {

  public StoredUserState {
    Objects.requireNonNull(fingerprints, "fingerprints");
  }
}
