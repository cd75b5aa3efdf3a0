package dev.roster.detect;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The mass-removal guard (README.md, "Mass-removal guard"): an empty or shrunken list from a
 * misconfigured token or a vendor outage looks exactly like mass removal, so removals that large
 * wait until further complete polls confirm them.
 */
public final class RemovalGuard {

  private RemovalGuard() {}

  /**
   * Judges one complete poll.
   *
   * @param knownUsers the account's user count after its previous accepted complete poll
   * @param usersSeen the users this complete poll saw
   */
  public static RemovalVerdict judge(
      long knownUsers, long usersSeen, RemovalGuardSettings settings) {
    if (knownUsers < 0 || usersSeen < 0) {
      throw new IllegalArgumentException(
          "user counts cannot be negative: knownUsers " + knownUsers + ", usersSeen " + usersSeen);
    }
    if (!tooManyMissing(knownUsers, usersSeen, settings)) {
      return new RemovalVerdict.Proceed();
    }
    int waits = settings.confirmations();
    return new RemovalVerdict.Hold(
        "poll saw "
            + usersSeen
            + " of "
            + knownUsers
            + " known users "
            + missingShare(knownUsers, usersSeen, settings)
            + "; removals wait for "
            + waits
            + " more complete poll"
            + (waits == 1 ? "" : "s"));
  }

  /**
   * Whether an answer that lists {@code seen} of {@code known} items (users of an account, or the
   * accounts of the accounts table) misses more than the settings let go at once: {@code known >=
   * minKnownUsers} and the missing share above {@code maxShare}.
   */
  public static boolean tooManyMissing(long known, long seen, RemovalGuardSettings settings) {
    long missing = known - seen;
    if (known < settings.minKnownUsers() || missing <= 0) {
      return false;
    }
    // Dividing the exact counts rounds once, so a share exactly at the limit (50 of 250 against
    // 0.20) compares equal rather than a hair above it.
    return (double) missing / known > settings.maxShare();
  }

  /** For a reason: "(100% missing > 20% allowed)"; {@code seen} below {@code known}. */
  public static String missingShare(long known, long seen, RemovalGuardSettings settings) {
    return "("
        + missingPercent(known - seen, known)
        + " missing > "
        + allowedPercent(settings.maxShare())
        + " allowed)";
  }

  /**
   * Whether a user missing from consecutive complete polls may be removed now: after one miss
   * normally, after one plus the confirmations when the guard holds the account's removals.
   */
  public static boolean mayRemove(
      int consecutiveCompletePollsMissed, boolean held, RemovalGuardSettings settings) {
    if (consecutiveCompletePollsMissed < 0) {
      throw new IllegalArgumentException(
          "consecutiveCompletePollsMissed cannot be negative, was "
              + consecutiveCompletePollsMissed);
    }
    return held
        ? holdConfirmed(consecutiveCompletePollsMissed, settings)
        : consecutiveCompletePollsMissed >= 1;
  }

  /**
   * Whether a hold is over after the guard held this many complete polls in a row: the first and
   * each of its confirmations. The removals they confirmed go ahead, and what the last of them saw
   * is the account's new normal (README.md, "Mass-removal guard"); otherwise every later poll of an
   * account that really shrank would be held again, and every later removal would wait for
   * confirmations too.
   */
  public static boolean holdConfirmed(int consecutiveHeldPolls, RemovalGuardSettings settings) {
    return consecutiveHeldPolls >= 1 + settings.confirmations();
  }

  /**
   * The missing share in percent with at most one decimal, rounded up from the exact counts, so a
   * share just above the limit never reads as equal to it ("20% missing > 20% allowed").
   */
  private static String missingPercent(long missing, long knownUsers) {
    return plain(
        BigDecimal.valueOf(missing)
            .movePointRight(2)
            .divide(BigDecimal.valueOf(knownUsers), 1, RoundingMode.CEILING));
  }

  private static String allowedPercent(double maxShare) {
    return plain(BigDecimal.valueOf(maxShare).movePointRight(2).setScale(1, RoundingMode.HALF_UP));
  }

  private static String plain(BigDecimal percent) {
    return percent.stripTrailingZeros().toPlainString() + "%";
  }
}
