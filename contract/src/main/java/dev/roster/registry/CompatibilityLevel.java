package dev.roster.registry;

/** The registry's compatibility levels, with Confluent's names. */
public enum CompatibilityLevel {
  NONE,
  BACKWARD,
  BACKWARD_TRANSITIVE,
  FORWARD,
  FORWARD_TRANSITIVE,
  FULL,
  FULL_TRANSITIVE;

  /** New schemas must be able to read data written with the older ones. */
  public boolean checksBackward() {
    return this == BACKWARD
        || this == BACKWARD_TRANSITIVE
        || this == FULL
        || this == FULL_TRANSITIVE;
  }

  /** Older schemas must be able to read data written with the new one. */
  public boolean checksForward() {
    return this == FORWARD || this == FORWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
  }

  /** Checked against every earlier version, not only the latest. */
  public boolean transitive() {
    return name().endsWith("_TRANSITIVE");
  }

  public static CompatibilityLevel parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Unknown compatibility level '"
              + value
              + "'; expected one of "
              + java.util.Arrays.toString(values()),
          e);
    }
  }
}
