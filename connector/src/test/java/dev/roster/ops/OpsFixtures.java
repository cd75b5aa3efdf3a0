package dev.roster.ops;

import dev.roster.avro.ChangeType;
import dev.roster.avro.ErrorCategory;
import dev.roster.avro.IdentityAlert;
import dev.roster.avro.IdentityAlertType;
import dev.roster.avro.IntegratedAccount;
import dev.roster.avro.PollOutcome;
import dev.roster.avro.PollStatus;
import dev.roster.avro.PollSummary;
import dev.roster.avro.UserChangeEvent;
import dev.roster.identity.IdentityAlerts;
import java.time.Duration;
import java.time.Instant;

/** Records as Roster's topics carry them, for feeding {@link OpsState} without Kafka. */
final class OpsFixtures {

  static final Instant NOW = Instant.parse("2025-03-01T03:00:00Z");

  private OpsFixtures() {}

  static IntegratedAccount account(String id, String integration) {
    return IntegratedAccount.newBuilder()
        .setId(id)
        .setIntegration(integration)
        .setTenantId("tenant-" + id)
        .build();
  }

  /**
   * As discovery and the merge make an account Truto reports needs_reauth: disabled, with that
   * status.
   */
  static IntegratedAccount needingReauth(String id, String integration) {
    return IntegratedAccount.newBuilder(account(id, integration))
        .setStatus("needs_reauth")
        .setEnabled(false)
        .build();
  }

  static PollStatus completed(
      String id, String integration, long pollId, Duration ago, long users) {
    Instant end = NOW.minus(ago);
    return PollStatus.newBuilder()
        .setIntegratedAccountId(id)
        .setIntegration(integration)
        .setTenantId("tenant-" + id)
        .setPollId(pollId)
        .setStartedAt(end.minusSeconds(3))
        .setEndedAt(end)
        .setOutcome(PollOutcome.COMPLETED)
        .setUsersSeen(users)
        .setPages(2)
        .setApiCalls(3)
        .build();
  }

  static PollStatus failed(
      String id,
      String integration,
      long pollId,
      Duration ago,
      ErrorCategory category,
      String message) {
    return PollStatus.newBuilder(completed(id, integration, pollId, ago, 0))
        .setOutcome(PollOutcome.FAILED)
        .setErrorCategory(category)
        .setMessage(message)
        .build();
  }

  /**
   * A NOT_POLLED status written {@code ago}; {@code lastCompletedAgo} null when no complete poll is
   * known.
   */
  static PollStatus notPolled(
      String id,
      String integration,
      long pollId,
      Duration ago,
      ErrorCategory category,
      String message,
      Duration lastCompletedAgo) {
    Instant at = NOW.minus(ago);
    return PollStatus.newBuilder()
        .setIntegratedAccountId(id)
        .setIntegration(integration)
        .setTenantId("tenant-" + id)
        .setPollId(pollId)
        .setStartedAt(at)
        .setEndedAt(at)
        .setOutcome(PollOutcome.NOT_POLLED)
        .setErrorCategory(category)
        .setMessage(message)
        .setLastCompletedAt(lastCompletedAgo == null ? null : NOW.minus(lastCompletedAgo))
        .build();
  }

  static PollSummary summary(String id, long pollId, int partition, long held, String reason) {
    return PollSummary.newBuilder()
        .setIntegratedAccountId(id)
        .setIntegration("okta")
        .setPollId(pollId)
        .setPartition(partition)
        .setUsersSeen(10)
        .setRemovalsHeld(held)
        .setGuardReason(reason)
        .build();
  }

  static UserChangeEvent event(String id, String userId, ChangeType type) {
    return UserChangeEvent.newBuilder()
        .setEventId(id + "/" + userId + "/" + type)
        .setType(type)
        .setIntegratedAccountId(id)
        .setIntegration("okta")
        .setUserId(userId)
        .setPollId(1)
        .setObservedAt(NOW)
        .setEmittedAt(NOW)
        .build();
  }

  /**
   * An opening alert of {@code type} for {@code email} in tenant {@code tenant}, detected {@code
   * ago}; its alert_id is {@code alertId}.
   */
  static IdentityAlert opening(
      String alertId, IdentityAlertType type, String tenant, String email, Duration ago) {
    boolean leaver = type == IdentityAlertType.LEAVER_STILL_ACTIVE;
    return IdentityAlert.newBuilder()
        .setAlertId(alertId)
        .setType(type)
        .setResolved(false)
        .setTenantId(tenant)
        .setIdentityKey("email:" + email)
        .setEmail(email)
        .setIdpIntegration(leaver ? "okta" : null)
        .setIdpIntegratedAccountId(leaver ? "acc-okta" : null)
        .setIdpUserId(leaver ? "00u1" : null)
        .setIdpStatus(leaver ? "deprovisioned" : null)
        .setAppIntegration("slack")
        .setAppIntegratedAccountId("acc-slack")
        .setAppUserId("U-" + alertId)
        .setAppStatus("active")
        .setDetectedAt(NOW.minus(ago))
        .setEmittedAt(NOW.minus(ago))
        .setReason(email + " is " + type + " in slack (acc-slack)")
        .build();
  }

  /** The resolution of {@code opening}. */
  static IdentityAlert resolution(IdentityAlert opening) {
    return resolution(opening.getAlertId(), opening);
  }

  /** A resolution like {@code opening}'s that says it resolves {@code resolvesAlertId}. */
  static IdentityAlert resolution(String resolvesAlertId, IdentityAlert opening) {
    return IdentityAlert.newBuilder(opening)
        .setAlertId(resolvesAlertId + "/resolved")
        .setType(IdentityAlerts.resolutionOf(opening.getType()))
        .setResolved(true)
        .setResolvesAlertId(resolvesAlertId)
        .setAppStatus("removed")
        .setReason("resolved")
        .build();
  }
}
