package dev.roster.identity;

import dev.roster.avro.Identity;
import dev.roster.avro.IdentityAccount;
import dev.roster.avro.IdentityAlert;
import dev.roster.avro.IdentityAlertType;
import dev.roster.avro.IdentityKey;
import dev.roster.avro.TrackedAlert;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The alerts themselves: their ids, fields and words. Pure. */
public final class IdentityAlerts {

  /** What {@code idp_status} and {@code app_status} say of a user who is gone. */
  public static final String REMOVED = "removed";

  private IdentityAlerts() {}

  /**
   * The opening alert's id: a name-based UUID of the person, the condition's pair and what caused
   * it (the event, or, without one, when the app user was observed), so the same input gives the
   * same id and a later episode of the same pair another.
   */
  static String openingId(IdentityKey key, AlertCondition condition, Cause cause) {
    String episode =
        cause.eventId() != null
            ? cause.eventId()
            : "observed@" + condition.app().getObservedAt().toEpochMilli();
    return nameBasedId(
        key.getTenantId(),
        key.getIdentityKey(),
        condition.type().name(),
        condition.app().getIntegratedAccountId(),
        condition.app().getUserId(),
        episode);
  }

  static String resolutionId(String openingId) {
    return nameBasedId(openingId, "resolved");
  }

  private static String nameBasedId(String... parts) {
    String name = "roster-identity-alert\u0000" + String.join("\u0000", parts);
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** The type that resolves an opening type. */
  public static IdentityAlertType resolutionOf(IdentityAlertType opening) {
    return switch (opening) {
      case LEAVER_STILL_ACTIVE -> IdentityAlertType.LEAVER_RESOLVED;
      case ORPHANED_ACCOUNT -> IdentityAlertType.ORPHANED_ACCOUNT_RESOLVED;
      case ADMIN_WITHOUT_2FA -> IdentityAlertType.ADMIN_WITHOUT_2FA_RESOLVED;
      default -> throw new IllegalArgumentException(opening + " opens nothing");
    };
  }

  static IdentityAlert opened(
      IdentityKey key, AlertCondition condition, TrackedAlert t, Instant now) {
    IdentityAccount app = condition.app();
    IdentityAccount idp = condition.idp();
    return base(key, t, now)
        .setAlertId(t.getAlertId())
        .setType(condition.type())
        .setResolved(false)
        .setIdpIntegration(idp == null ? null : idp.getIntegration())
        .setIdpStatus(idp == null ? null : statusOf(idp))
        .setAppIntegration(app.getIntegration())
        .setAppStatus(app.getStatus())
        .setAppStatusCategory(app.getStatusCategory())
        .setFoundInBaseline(t.getFoundInBaseline())
        .setCauseEventId(t.getCauseEventId())
        .setDetectedAt(t.getDetectedAt())
        .setReason(openingReason(who(key), condition, key.getTenantId()))
        .build();
  }

  static IdentityAlert resolved(
      IdentityKey key, Identity identity, TrackedAlert t, Cause cause, Instant now) {
    Optional<IdentityAccount> app = find(identity, t.getAppIntegratedAccountId(), t.getAppUserId());
    Optional<IdentityAccount> idp =
        t.getIdpIntegratedAccountId() == null
            ? Optional.empty()
            : find(identity, t.getIdpIntegratedAccountId(), t.getIdpUserId());
    String appStatus = app.map(IdentityAlerts::statusOf).orElse(REMOVED);
    IdentityAlertType type = resolutionOf(t.getType());
    return base(key, t, now)
        .setAlertId(resolutionId(t.getAlertId()))
        .setType(type)
        .setResolved(true)
        .setResolvesAlertId(t.getAlertId())
        .setIdpIntegration(idp.map(IdentityAccount::getIntegration).orElse(null))
        .setIdpStatus(
            t.getIdpIntegratedAccountId() == null
                ? null
                : idp.map(IdentityAlerts::statusOf).orElse(REMOVED))
        .setAppIntegration(
            app.map(IdentityAccount::getIntegration).orElse(t.getAppIntegratedAccountId()))
        .setAppStatus(appStatus)
        .setAppStatusCategory(app.map(IdentityAccount::getStatusCategory).orElse(null))
        .setFoundInBaseline(cause.baseline())
        .setCauseEventId(cause.eventId())
        .setDetectedAt(now)
        .setReason(resolutionReason(who(key), t, app, idp))
        .build();
  }

  private static IdentityAlert.Builder base(IdentityKey key, TrackedAlert t, Instant now) {
    return IdentityAlert.newBuilder()
        .setTenantId(key.getTenantId())
        .setIdentityKey(key.getIdentityKey())
        .setEmail(IdentityKeys.emailOf(key))
        .setIdpIntegratedAccountId(t.getIdpIntegratedAccountId())
        .setIdpUserId(t.getIdpUserId())
        .setAppIntegratedAccountId(t.getAppIntegratedAccountId())
        .setAppUserId(t.getAppUserId())
        .setEmittedAt(now);
  }

  private static Optional<IdentityAccount> find(
      Identity identity, String accountId, String userId) {
    if (identity == null) {
      return Optional.empty();
    }
    return identity.getAccounts().stream()
        .filter(a -> a.getIntegratedAccountId().equals(accountId) && a.getUserId().equals(userId))
        .findFirst();
  }

  private static String statusOf(IdentityAccount account) {
    if (account.getRemoved()) {
      return REMOVED;
    }
    return account.getStatus() != null
        ? account.getStatus()
        : account.getStatusCategory().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static String who(IdentityKey key) {
    String email = IdentityKeys.emailOf(key);
    return email != null ? email : key.getIdentityKey();
  }

  private static String where(IdentityAccount account) {
    return account.getIntegration() + " (" + account.getIntegratedAccountId() + ")";
  }

  private static String openingReason(String who, AlertCondition condition, String tenant) {
    IdentityAccount app = condition.app();
    return switch (condition.type()) {
      case LEAVER_STILL_ACTIVE ->
          who
              + " is "
              + statusOf(condition.idp())
              + " in the identity provider "
              + where(condition.idp())
              + " but still "
              + statusOf(app)
              + " in "
              + where(app);
      case ORPHANED_ACCOUNT ->
          who
              + " is "
              + statusOf(app)
              + " in "
              + where(app)
              + " but no identity provider of tenant '"
              + tenant
              + "' has ever had them";
      case ADMIN_WITHOUT_2FA ->
          who
              + " is an active admin ("
              + String.join(", ", app.getRoles())
              + ") in "
              + where(app)
              + " without two-factor authentication";
      default -> who + ": " + condition.type();
    };
  }

  private static String resolutionReason(
      String who, TrackedAlert t, Optional<IdentityAccount> app, Optional<IdentityAccount> idp) {
    String appWhere =
        app.map(IdentityAlerts::where).orElse("account " + t.getAppIntegratedAccountId());
    if (app.isEmpty()) {
      return who + " is gone from " + appWhere;
    }
    if (!AlertRules.active(app.get())) {
      return who + " is no longer active in " + appWhere + " (" + statusOf(app.get()) + ")";
    }
    return switch (t.getType()) {
      case LEAVER_STILL_ACTIVE ->
          idp.isPresent() && AlertRules.active(idp.get())
              ? who + " is active again in the identity provider " + where(idp.get())
              : who
                  + " no longer counts as a leaver: the identity provider's users of this person changed";
      case ORPHANED_ACCOUNT -> who + " is now known to an identity provider";
      case ADMIN_WITHOUT_2FA ->
          !app.get().getIsAdmin()
              ? who + " is no longer an admin in " + appWhere
              : Boolean.TRUE.equals(app.get().getIs2faEnabled())
                  ? who + " has two-factor authentication on in " + appWhere
                  : appWhere + " no longer says whether " + who + " has two-factor authentication";
      default -> who + ": resolved";
    };
  }
}
