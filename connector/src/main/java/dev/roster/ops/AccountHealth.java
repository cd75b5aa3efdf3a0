package dev.roster.ops;

/** How one integrated account is doing, as an operator needs to read it at a glance. */
public enum AccountHealth {
  NEEDS_REAUTH("needs re-authentication"),
  FAILING("failing"),
  STALE("stale"),
  NEVER_POLLED("never polled"),
  /**
   * Truto reports the account not active for a reason other than re-authentication (connecting,
   * blocked, …).
   */
  NOT_POLLED("not polled"),
  /** The accounts file disables the account. */
  DISABLED("disabled"),
  OK("ok");

  private final String words;

  AccountHealth(String words) {
    this.words = words;
  }

  /** The badge text on the status page. */
  public String words() {
    return words;
  }

  /**
   * Sort rank on the status page: what needs a person first, then what is failing, then stale, then
   * the rest.
   */
  int rank() {
    return switch (this) {
      case NEEDS_REAUTH -> 0;
      case FAILING -> 1;
      case STALE -> 2;
      default -> 3;
    };
  }
}
