package dev.roster.detect;

/** The change detector's rules: what counts as a change, and when removals are trusted. */
public record DetectorSettings(DiffRules diffRules, RemovalGuardSettings removalGuard) {

  public static DetectorSettings defaults() {
    return new DetectorSettings(DiffRules.defaults(), RemovalGuardSettings.defaults());
  }
}
