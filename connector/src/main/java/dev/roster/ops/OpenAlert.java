package dev.roster.ops;

import dev.roster.avro.IdentityAlert;
import dev.roster.avro.IdentityAlertType;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * One open identity alert as the status page lists it: who, where and since when, with the reason
 * cut to {@link #MAX_REASON_CHARS}.
 *
 * @param tenant the empty string for accounts that have no tenant
 * @param idpIntegration null for alerts that involve no identity provider
 */
public record OpenAlert(
    String alertId,
    IdentityAlertType type,
    String tenant,
    String identityKey,
    String email,
    String appIntegration,
    String appAccountId,
    String appUserId,
    String appStatus,
    String idpIntegration,
    String idpStatus,
    Instant detectedAt,
    String reason) {

  /** Reasons are meant to be one sentence; a longer one is cut, so each alert's memory is small. */
  static final int MAX_REASON_CHARS = 500;

  /**
   * The types an alert opens with: every symbol but OTHER and the _RESOLVED ones (which close).
   * OTHER, a symbol newer than this reader, can open too, but has no metric of its own.
   */
  public static final List<IdentityAlertType> OPENING_TYPES =
      Arrays.stream(IdentityAlertType.values())
          .filter(t -> t != IdentityAlertType.OTHER && !t.name().endsWith("_RESOLVED"))
          .toList();

  static OpenAlert of(IdentityAlert alert) {
    String reason = alert.getReason();
    if (reason != null && reason.length() > MAX_REASON_CHARS) {
      reason = reason.substring(0, MAX_REASON_CHARS - 1) + "…";
    }
    return new OpenAlert(
        alert.getAlertId(),
        alert.getType(),
        alert.getTenantId(),
        alert.getIdentityKey(),
        alert.getEmail(),
        alert.getAppIntegration(),
        alert.getAppIntegratedAccountId(),
        alert.getAppUserId(),
        alert.getAppStatus(),
        alert.getIdpIntegration(),
        alert.getIdpStatus(),
        alert.getDetectedAt(),
        reason);
  }

  /** The person as people know them: the email, or else the identity key. */
  public String person() {
    return email != null ? email : identityKey;
  }
}
