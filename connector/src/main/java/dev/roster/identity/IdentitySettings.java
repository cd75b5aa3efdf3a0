package dev.roster.identity;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How Roster joins a tenant's users into people, and which alerts it raises about them
 * (docs/architecture.md#identities).
 *
 * @param enabled whether the identity stage runs at all
 * @param keys the identity keys to try, in order: a user's key is the first that gives a value
 * @param idpIntegrations the integrations whose accounts are identity providers, unless an account
 *     says otherwise
 * @param adminRoles a role whose name (or id) matches makes its holder an admin
 * @param leaverAlerts whether {@code LEAVER_STILL_ACTIVE} alerts are raised
 * @param leaverGrace how long a leaver may stay active elsewhere before the alert; zero alerts at
 *     once
 * @param orphanAlerts whether {@code ORPHANED_ACCOUNT} alerts are raised
 * @param orphanGrace how long an app account may be active for a person the identity provider never
 *     had before the alert
 * @param adminWithout2faAlerts whether {@code ADMIN_WITHOUT_2FA} alerts are raised
 * @param sweepInterval how often every person is judged again, so that a rule or an account's
 *     identity-provider flag that changed applies to people whose users did not change
 */
public record IdentitySettings(
    boolean enabled,
    List<IdentityKeyKind> keys,
    Set<String> idpIntegrations,
    Pattern adminRoles,
    boolean leaverAlerts,
    Duration leaverGrace,
    boolean orphanAlerts,
    Duration orphanGrace,
    boolean adminWithout2faAlerts,
    Duration sweepInterval) {

  /**
   * Truto's slugs of the workforce identity providers among its user-directory integrations: Okta,
   * Google Workspace, Microsoft Entra ID (Azure Active Directory), JumpCloud, OneLogin.
   */
  public static final Set<String> DEFAULT_IDP_INTEGRATIONS =
      Set.of("okta", "googleworkspace", "azureactivedirectory", "jumpcloud", "onelogin");

  /** Roles whose name holds admin or owner: Admin, Super Administrator, org_admin, Owner. */
  public static final String DEFAULT_ADMIN_ROLES = "(?i).*(admin|owner).*";

  public static final Duration DEFAULT_ORPHAN_GRACE = Duration.ofDays(1);
  public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofHours(1);

  public IdentitySettings {
    keys = List.copyOf(keys);
    idpIntegrations = Set.copyOf(idpIntegrations);
    Objects.requireNonNull(adminRoles, "adminRoles");
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("at least one identity key kind is needed");
    }
    if (leaverGrace.isNegative() || orphanGrace.isNegative()) {
      throw new IllegalArgumentException("grace periods cannot be negative");
    }
    if (sweepInterval.isNegative() || sweepInterval.isZero()) {
      throw new IllegalArgumentException("the sweep interval must be positive");
    }
  }

  public static IdentitySettings defaults() {
    return new IdentitySettings(
        true,
        List.of(IdentityKeyKind.EMAIL),
        DEFAULT_IDP_INTEGRATIONS,
        Pattern.compile(DEFAULT_ADMIN_ROLES),
        true,
        Duration.ZERO,
        true,
        DEFAULT_ORPHAN_GRACE,
        true,
        DEFAULT_SWEEP_INTERVAL);
  }

  public IdentitySettings withEnabled(boolean on) {
    return new IdentitySettings(
        on,
        keys,
        idpIntegrations,
        adminRoles,
        leaverAlerts,
        leaverGrace,
        orphanAlerts,
        orphanGrace,
        adminWithout2faAlerts,
        sweepInterval);
  }

  /** These settings with each rule switched on or off. */
  public IdentitySettings withAlerts(boolean leaver, boolean orphaned, boolean adminWithout2fa) {
    return new IdentitySettings(
        enabled,
        keys,
        idpIntegrations,
        adminRoles,
        leaver,
        leaverGrace,
        orphaned,
        orphanGrace,
        adminWithout2fa,
        sweepInterval);
  }

  public IdentitySettings withGraces(Duration leaver, Duration orphan) {
    return new IdentitySettings(
        enabled,
        keys,
        idpIntegrations,
        adminRoles,
        leaverAlerts,
        leaver,
        orphanAlerts,
        orphan,
        adminWithout2faAlerts,
        sweepInterval);
  }
}
