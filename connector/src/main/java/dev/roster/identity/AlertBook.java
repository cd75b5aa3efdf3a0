package dev.roster.identity;

import dev.roster.avro.Identity;
import dev.roster.avro.IdentityAlert;
import dev.roster.avro.IdentityAlertType;
import dev.roster.avro.IdentityKey;
import dev.roster.avro.TrackedAlert;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The alert state machine of one person, pure. Each condition of a (type, app account, user) pair
 * is tracked from the moment it holds: published at once, or when its grace period ends if it still
 * holds then; resolved once when it stops holding after it was published. A condition that stops
 * holding within its grace period was never worth an alert, and publishes nothing. The tracked
 * conditions live in the identity stage's store, in the same transaction as what it publishes, so a
 * crash, restart or rebalance neither repeats nor loses an alert.
 */
public final class AlertBook {

  private AlertBook() {}

  /** The conditions tracked after a judgement, and the alerts it publishes, in order. */
  public record Outcome(List<TrackedAlert> tracked, List<IdentityAlert> published) {

    /** When the first grace period still running ends, if one is. */
    public Optional<Instant> nextDue() {
      return AlertBook.nextDue(tracked);
    }
  }

  /**
   * Judges one person: {@code conditions} are what holds now ({@link AlertRules}), {@code tracked}
   * what the store had.
   *
   * @param identity the person now; null when it is gone (then nothing holds)
   */
  public static Outcome reconcile(
      IdentityKey key,
      Identity identity,
      List<TrackedAlert> tracked,
      List<AlertCondition> conditions,
      Cause cause,
      Instant now,
      IdentitySettings settings) {
    Map<AlertCondition.Pair, TrackedAlert> before = new LinkedHashMap<>();
    for (TrackedAlert t : tracked) {
      before.put(pair(t), t);
    }
    List<TrackedAlert> after = new ArrayList<>();
    List<IdentityAlert> published = new ArrayList<>();
    for (AlertCondition condition : conditions) {
      TrackedAlert t = before.remove(condition.pair());
      if (t == null) {
        t = detected(key, condition, cause, now, grace(condition.type(), settings));
      }
      if (!t.getPublished() && !t.getDueAt().isAfter(now)) {
        published.add(IdentityAlerts.opened(key, condition, t, now));
        t = TrackedAlert.newBuilder(t).setPublished(true).build();
      }
      after.add(t);
    }
    for (TrackedAlert gone : before.values()) {
      if (gone.getPublished()) {
        published.add(IdentityAlerts.resolved(key, identity, gone, cause, now));
      }
    }
    return new Outcome(List.copyOf(after), List.copyOf(published));
  }

  /** When the first grace period still running among {@code tracked} ends, if one is. */
  public static Optional<Instant> nextDue(List<TrackedAlert> tracked) {
    return tracked.stream()
        .filter(t -> !t.getPublished())
        .map(TrackedAlert::getDueAt)
        .min(Instant::compareTo);
  }

  static Duration grace(IdentityAlertType type, IdentitySettings settings) {
    return switch (type) {
      case LEAVER_STILL_ACTIVE -> settings.leaverGrace();
      case ORPHANED_ACCOUNT -> settings.orphanGrace();
      default -> Duration.ZERO;
    };
  }

  private static TrackedAlert detected(
      IdentityKey key, AlertCondition condition, Cause cause, Instant now, Duration grace) {
    return TrackedAlert.newBuilder()
        .setType(condition.type())
        .setAppIntegratedAccountId(condition.app().getIntegratedAccountId())
        .setAppUserId(condition.app().getUserId())
        .setIdpIntegratedAccountId(
            condition.idp() == null ? null : condition.idp().getIntegratedAccountId())
        .setIdpUserId(condition.idp() == null ? null : condition.idp().getUserId())
        .setAlertId(IdentityAlerts.openingId(key, condition, cause))
        .setPublished(false)
        .setDueAt(now.plus(grace))
        .setDetectedAt(now)
        .setFoundInBaseline(cause.baseline())
        .setCauseEventId(cause.eventId())
        .build();
  }

  private static AlertCondition.Pair pair(TrackedAlert t) {
    return new AlertCondition.Pair(t.getType(), t.getAppIntegratedAccountId(), t.getAppUserId());
  }
}
