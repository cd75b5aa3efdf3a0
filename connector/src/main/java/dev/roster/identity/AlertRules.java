package dev.roster.identity;

import dev.roster.avro.Identity;
import dev.roster.avro.IdentityAccount;
import dev.roster.avro.IdentityAlertType;
import dev.roster.avro.StatusCategory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which conditions hold for one person, pure (docs/architecture.md#identity-alerts):
 *
 * <ul>
 *   <li>{@code LEAVER_STILL_ACTIVE}, per app account: the person has identity-provider users, none
 *       of them is active, and one is inactive, deleted or removed; the app user is active.
 *   <li>{@code ORPHANED_ACCOUNT}, per app account: the tenant has an identity-provider account,
 *       this person was never in one, and the app user is active.
 *   <li>{@code ADMIN_WITHOUT_2FA}, per account (identity providers included): the user is active,
 *       an admin, and the app says two-factor authentication is off (an app that does not say
 *       raises nothing).
 * </ul>
 */
public final class AlertRules {

  private AlertRules() {}

  public static List<AlertCondition> conditions(
      Identity identity, IdentitySettings settings, boolean tenantHasIdentityProvider) {
    List<AlertCondition> conditions = new ArrayList<>();
    if (identity == null) {
      return conditions;
    }
    List<IdentityAccount> accounts = identity.getAccounts();
    if (settings.leaverAlerts()) {
      offIdentityProvider(accounts)
          .ifPresent(
              idp ->
                  apps(accounts).stream()
                      .filter(AlertRules::active)
                      .forEach(
                          app ->
                              conditions.add(
                                  new AlertCondition(
                                      IdentityAlertType.LEAVER_STILL_ACTIVE, app, idp))));
    }
    if (settings.orphanAlerts()
        && tenantHasIdentityProvider
        && !identity.getIdentityProviderSeen()) {
      apps(accounts).stream()
          .filter(AlertRules::active)
          .forEach(
              app ->
                  conditions.add(
                      new AlertCondition(IdentityAlertType.ORPHANED_ACCOUNT, app, null)));
    }
    if (settings.adminWithout2faAlerts()) {
      accounts.stream()
          .filter(a -> active(a) && a.getIsAdmin() && Boolean.FALSE.equals(a.getIs2faEnabled()))
          .forEach(
              a ->
                  conditions.add(new AlertCondition(IdentityAlertType.ADMIN_WITHOUT_2FA, a, null)));
    }
    return conditions;
  }

  /**
   * The identity-provider user that says the person left, when the identity providers agree they
   * did: none active, one off. The first by account and user id, so the choice is stable.
   */
  static Optional<IdentityAccount> offIdentityProvider(List<IdentityAccount> accounts) {
    List<IdentityAccount> idps =
        accounts.stream().filter(IdentityAccount::getIsIdentityProvider).toList();
    if (idps.stream().anyMatch(AlertRules::active)) {
      return Optional.empty();
    }
    return idps.stream().filter(AlertRules::off).findFirst();
  }

  private static List<IdentityAccount> apps(List<IdentityAccount> accounts) {
    return accounts.stream().filter(a -> !a.getIsIdentityProvider()).toList();
  }

  static boolean active(IdentityAccount account) {
    return !account.getRemoved() && account.getStatusCategory() == StatusCategory.ACTIVE;
  }

  static boolean off(IdentityAccount account) {
    return account.getRemoved()
        || account.getStatusCategory() == StatusCategory.INACTIVE
        || account.getStatusCategory() == StatusCategory.DELETED;
  }
}
