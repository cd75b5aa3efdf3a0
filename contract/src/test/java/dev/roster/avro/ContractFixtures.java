package dev.roster.avro;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * Fully populated instances of every contract type: each optional field set, each nested type used.
 */
public final class ContractFixtures {

  public static final Instant OBSERVED = Instant.parse("2026-11-27T10:00:00.123Z");

  private ContractFixtures() {}

  /** One record of every type Roster writes or reads, each observation payload among them. */
  public static List<SpecificRecord> everyRecord() {
    return List.of(
        key("00u1"),
        user("00u1", "ACTIVE", StatusCategory.ACTIVE),
        statusChange("00u1"),
        failedPoll(),
        notPolled(),
        account(),
        userObservation(),
        userUnchanged(),
        pollCompleted(),
        pollAborted(),
        pollSummary(),
        identityKey(),
        identity(),
        leaverAlert(),
        identityChange(),
        identityMember(),
        identityState());
  }

  public static UserKey key(String userId) {
    return UserKey.newBuilder().setIntegratedAccountId("acct-okta-1").setUserId(userId).build();
  }

  public static User user(String id, String status, StatusCategory category) {
    return User.newBuilder()
        .setId(id)
        .setIntegratedAccountId("acct-okta-1")
        .setIntegration("okta")
        .setTenantId("acme")
        .setExternalId("00u" + id)
        .setFirstName("Zoë")
        .setLastName("Ünal-Ålvik")
        .setName("Zoë Ünal-Ålvik")
        .setUsername("zoe@acme.example")
        .setTitle("Staff Engineer")
        .setUserType("member")
        .setEmails(
            List.of(
                new Email("zoe@acme.example", "work", true),
                new Email("zoe@home.example", "personal", false)))
        .setPhones(List.of(new Phone("+47 555 0100", "12", "work")))
        .setStatus(status)
        .setStatusCategory(category)
        .setIsEmailVerified(true)
        .setIs2faEnabled(false)
        .setRoles(
            List.of(
                new Role("r1", "Admin", "g1", "o1", "w1"),
                new Role("r2", "Viewer", null, null, null)))
        .setOrganizations(List.of(new Organization("o1", "Acme")))
        .setLicenses(List.of(new License("l1", "E5", "o1", Instant.parse("2026-11-01T08:00:00Z"))))
        .setGroups(List.of(new Group("g1", "Engineering", "o1")))
        .setWorkspaces(List.of(new Workspace("w1", "Main")))
        .setAvatar("https://img.example/zoe.png")
        .setTimezone("Europe/Oslo")
        .setLanguages(List.of("nb", "en"))
        .setBio("Builds things.")
        .setCreatedAt(Instant.parse("2021-08-10T10:00:00Z"))
        .setUpdatedAt(Instant.parse("2026-11-20T10:00:00Z"))
        .setLastActiveAt(Instant.parse("2026-11-26T17:30:00Z"))
        .setLastLoginAt(Instant.parse("2026-11-26T08:15:00Z"))
        .setStatusChangedAt(Instant.parse("2024-09-01T10:00:00Z"))
        .setActivatedAt(Instant.parse("2021-08-11T09:00:00Z"))
        .setRemoteData(
            "{\"status\":\"" + status + "\",\"profile\":{\"login\":\"zoe@acme.example\"}}")
        .setObservedAt(OBSERVED)
        .build();
  }

  public static UserChangeEvent statusChange(String userId) {
    User before = user(userId, "ACTIVE", StatusCategory.ACTIVE);
    User after = user(userId, "SUSPENDED", StatusCategory.INACTIVE);
    return UserChangeEvent.newBuilder()
        .setEventId("evt-" + userId + "-7-status")
        .setType(ChangeType.USER_STATUS_CHANGED)
        .setIntegratedAccountId("acct-okta-1")
        .setIntegration("okta")
        .setTenantId("acme")
        .setUserId(userId)
        .setChangedFields(List.of("status", "status_category"))
        .setPreviousStatus("ACTIVE")
        .setStatus("SUSPENDED")
        .setPreviousStatusCategory(StatusCategory.ACTIVE)
        .setStatusCategory(StatusCategory.INACTIVE)
        .setBefore(before)
        .setAfter(after)
        .setPollId(7L)
        .setObservedAt(OBSERVED)
        .setEmittedAt(OBSERVED.plusMillis(250))
        .build();
  }

  public static PollStatus failedPoll() {
    return PollStatus.newBuilder()
        .setIntegratedAccountId("acct-gh-1")
        .setIntegration("github")
        .setTenantId("acme")
        .setPollId(12L)
        .setStartedAt(OBSERVED)
        .setEndedAt(OBSERVED.plusSeconds(3))
        .setOutcome(PollOutcome.FAILED)
        .setErrorCategory(ErrorCategory.CONFIG)
        .setMessage("missing required query parameter(s): organization_id")
        .setUsersSeen(0L)
        .setPages(0)
        .setApiCalls(1)
        .build();
  }

  /**
   * An account Truto reports needs_reauth, re-stated as not polled; its data is as old as its last
   * complete poll.
   */
  public static PollStatus notPolled() {
    return PollStatus.newBuilder()
        .setIntegratedAccountId("acct-hs-1")
        .setIntegration("hubspot")
        .setTenantId("acme")
        .setPollId(13L)
        .setStartedAt(OBSERVED)
        .setEndedAt(OBSERVED)
        .setOutcome(PollOutcome.NOT_POLLED)
        .setErrorCategory(ErrorCategory.AUTH)
        .setMessage("Truto reports the account needs re-authentication")
        .setLastCompletedAt(OBSERVED.minusSeconds(3600))
        .build();
  }

  public static IntegratedAccount account() {
    return IntegratedAccount.newBuilder()
        .setId("acct-gh-1")
        .setIntegration("github")
        .setTenantId("acme")
        .setQuery(Map.of("organization_id", "acme-org"))
        .setIntervalSeconds(300L)
        .setEnabled(true)
        .setStatus("active")
        .setSource(AccountSource.DISCOVERY)
        .build();
  }

  public static Observation userObservation() {
    return new Observation(7L, user("00u1", "ACTIVE", StatusCategory.ACTIVE));
  }

  /** A user the poller saw unchanged, as fingerprints only (the ids are in the record key). */
  public static Observation userUnchanged() {
    return new Observation(8L, new UserUnchanged(0x1234_5678_9abc_def0L, -42L, 7L));
  }

  public static Observation pollCompleted() {
    return new Observation(
        7L,
        PollCompleted.newBuilder()
            .setIntegratedAccountId("acct-okta-1")
            .setIntegration("okta")
            .setTenantId("acme")
            .setPollId(7L)
            .setStartedAt(OBSERVED)
            .setCompletedAt(OBSERVED.plusSeconds(40))
            .setUsersSeen(250L)
            .build());
  }

  public static Observation pollAborted() {
    return new Observation(
        8L,
        PollAborted.newBuilder()
            .setIntegratedAccountId("acct-okta-1")
            .setPollId(8L)
            .setAbortedAt(OBSERVED)
            .setErrorCategory(ErrorCategory.UPSTREAM)
            .setMessage("page 3 failed after 6 attempts")
            .build());
  }

  public static PollSummary pollSummary() {
    return PollSummary.newBuilder()
        .setIntegratedAccountId("acct-okta-1")
        .setIntegration("okta")
        .setTenantId("acme")
        .setPollId(7L)
        .setPartition(2)
        .setUsersSeen(250L)
        .setDiscovered(0)
        .setCreated(1)
        .setStatusChanged(2)
        .setUpdated(3)
        .setRemoved(0)
        .setRemovalsHeld(0)
        .setGuardReason(null)
        .setUnchanged(244)
        .setResendUserIds(java.util.List.of("00u9"))
        .build();
  }

  public static IdentityKey identityKey() {
    return new IdentityKey("acme", "email:ada@acme.example");
  }

  public static IdentityAccount identityAccount(String accountId, boolean idp) {
    return IdentityAccount.newBuilder()
        .setIntegration(idp ? "okta" : "slack")
        .setIntegratedAccountId(accountId)
        .setUserId("u-" + accountId)
        .setStatus(idp ? "SUSPENDED" : "active")
        .setStatusCategory(idp ? StatusCategory.INACTIVE : StatusCategory.ACTIVE)
        .setIsIdentityProvider(idp)
        .setRemoved(false)
        .setIsAdmin(!idp)
        .setRoles(java.util.List.of("Workspace Admin"))
        .setIs2faEnabled(null)
        .setObservedAt(OBSERVED)
        .setLastEventId("ev-1")
        .build();
  }

  public static Identity identity() {
    return Identity.newBuilder()
        .setTenantId("acme")
        .setIdentityKey("email:ada@acme.example")
        .setEmail("ada@acme.example")
        .setAccounts(
            java.util.List.of(identityAccount("okta-1", true), identityAccount("slack-1", false)))
        .setIdentityProviderSeen(true)
        .setUpdatedAt(OBSERVED)
        .build();
  }

  public static IdentityAlert leaverAlert() {
    return IdentityAlert.newBuilder()
        .setAlertId("5d1f7c9e-0000-3000-8000-000000000001")
        .setType(IdentityAlertType.LEAVER_STILL_ACTIVE)
        .setResolved(false)
        .setResolvesAlertId(null)
        .setTenantId("acme")
        .setIdentityKey("email:ada@acme.example")
        .setEmail("ada@acme.example")
        .setIdpIntegration("okta")
        .setIdpIntegratedAccountId("okta-1")
        .setIdpUserId("u-okta-1")
        .setIdpStatus("SUSPENDED")
        .setAppIntegration("slack")
        .setAppIntegratedAccountId("slack-1")
        .setAppUserId("u-slack-1")
        .setAppStatus("active")
        .setAppStatusCategory(StatusCategory.ACTIVE)
        .setFoundInBaseline(false)
        .setCauseEventId("ev-1")
        .setDetectedAt(OBSERVED)
        .setEmittedAt(OBSERVED)
        .setReason(
            "ada@acme.example is SUSPENDED in the identity provider okta (okta-1) but still active in slack (slack-1)")
        .build();
  }

  public static IdentityChange identityChange() {
    return IdentityChange.newBuilder()
        .setKind(IdentityChangeKind.LEFT)
        .setAccount(identityAccount("slack-1", false))
        .setCauseEventId(null)
        .setBaseline(true)
        .build();
  }

  public static IdentityMember identityMember() {
    return new IdentityMember("acme", identityKey(), identityAccount("okta-1", true));
  }

  public static IdentityState identityState() {
    return new IdentityState(
        identity(),
        java.util.List.of(
            TrackedAlert.newBuilder()
                .setType(IdentityAlertType.LEAVER_STILL_ACTIVE)
                .setAppIntegratedAccountId("slack-1")
                .setAppUserId("u-slack-1")
                .setIdpIntegratedAccountId("okta-1")
                .setIdpUserId("u-okta-1")
                .setAlertId("5d1f7c9e-0000-3000-8000-000000000001")
                .setPublished(true)
                .setDueAt(OBSERVED)
                .setDetectedAt(OBSERVED)
                .setFoundInBaseline(false)
                .setCauseEventId("ev-1")
                .build()));
  }
}
