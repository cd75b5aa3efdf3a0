package dev.roster.identity;

import dev.roster.avro.IdentityAccount;
import dev.roster.avro.IdentityKey;
import dev.roster.avro.IdentityMember;
import dev.roster.avro.Role;
import dev.roster.avro.StatusCategory;
import dev.roster.avro.User;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** A user as a person holds it: the fields the identity rules read, and no more. */
public final class IdentityMembers {

  /** Tenant of accounts that have none: they form one tenant together. */
  public static final String NO_TENANT = "";

  private IdentityMembers() {}

  /** The member {@code user} is, under {@code settings}: keyed, or with a null key. */
  public static IdentityMember of(User user, Cause cause, IdentitySettings settings) {
    String tenant = tenantOf(user.getTenantId());
    return IdentityKeys.of(user, settings.keys())
        .map(
            key ->
                new IdentityMember(
                    tenant,
                    new IdentityKey(tenant, key.key()),
                    account(user, cause, settings.adminRoles())))
        .orElseGet(
            () -> new IdentityMember(tenant, null, account(user, cause, settings.adminRoles())));
  }

  public static String tenantOf(String tenantId) {
    return tenantId == null ? NO_TENANT : tenantId;
  }

  static IdentityAccount account(User user, Cause cause, Pattern adminRoles) {
    List<String> roles =
        user.getRoles().stream()
            .map(IdentityMembers::roleName)
            .filter(Objects::nonNull)
            .sorted()
            .distinct()
            .toList();
    return IdentityAccount.newBuilder()
        .setIntegration(user.getIntegration())
        .setIntegratedAccountId(user.getIntegratedAccountId())
        .setUserId(user.getId())
        .setStatus(user.getStatus())
        .setStatusCategory(
            user.getStatusCategory() == null ? StatusCategory.UNKNOWN : user.getStatusCategory())
        .setIsIdentityProvider(false) // the identity stage sets it, from the account
        .setRemoved(false)
        .setIsAdmin(roles.stream().anyMatch(role -> adminRoles.matcher(role).matches()))
        .setRoles(roles)
        .setIs2faEnabled(user.getIs2faEnabled())
        .setObservedAt(user.getObservedAt())
        .setLastEventId(cause.eventId())
        .build();
  }

  private static String roleName(Role role) {
    if (role.getName() != null && !role.getName().isBlank()) {
      return role.getName();
    }
    return role.getId();
  }

  /**
   * Whether two versions of a member differ in what a person shows or an alert reads: not in when
   * it was observed, nor in the event that last touched it.
   */
  public static boolean sameForIdentity(IdentityMember a, IdentityMember b) {
    return Objects.equals(a.getKey(), b.getKey())
        && withoutTimes(a.getAccount()).equals(withoutTimes(b.getAccount()));
  }

  private static IdentityAccount withoutTimes(IdentityAccount account) {
    return IdentityAccount.newBuilder(account)
        .setObservedAt(java.time.Instant.EPOCH)
        .setLastEventId(null)
        .build();
  }
}
