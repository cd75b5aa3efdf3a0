package dev.roster.detect;

/**
 * When the mass-removal guard holds back removals (README.md, "Mass-removal guard"); also the
 * accounts table's ({@code dev.roster.poll.AccountRemovalGuard}), which reads users as discovered
 * accounts and complete polls as discovery answers.
 *
 * @param maxShare the share of an account's known users one complete poll may remove without a
 *     hold, 0 to 1
 * @param minKnownUsers accounts with fewer known users are never held: a few users leaving is a big
 *     share
 * @param confirmations further complete polls that must also miss a user before held removals go
 *     ahead
 */
public record RemovalGuardSettings(double maxShare, int minKnownUsers, int confirmations) {

  public RemovalGuardSettings {
    if (!(maxShare >= 0.0 && maxShare <= 1.0)) {
      throw new IllegalArgumentException(
          "removal guard maxShare must be between 0 and 1 (a share of the known users), was "
              + maxShare);
    }
    if (minKnownUsers < 1) {
      throw new IllegalArgumentException(
          "removal guard minKnownUsers must be at least 1, was " + minKnownUsers);
    }
    if (confirmations < 1) {
      throw new IllegalArgumentException(
          "removal guard confirmations must be at least 1 (0 would hold nothing back), was "
              + confirmations);
    }
  }

  public static RemovalGuardSettings defaults() {
    return new RemovalGuardSettings(0.20, 10, 2);
  }
}
