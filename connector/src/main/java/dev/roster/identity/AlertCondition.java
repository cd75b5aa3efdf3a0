package dev.roster.identity;

import dev.roster.avro.IdentityAccount;
import dev.roster.avro.IdentityAlertType;
import java.util.Objects;

/**
 * One condition that holds for one person and one app account, now.
 *
 * @param type the opening type: {@code LEAVER_STILL_ACTIVE}, {@code ORPHANED_ACCOUNT} or {@code
 *     ADMIN_WITHOUT_2FA}
 * @param app the app account's user the condition is about
 * @param idp for a leaver, the identity-provider user that is off; null otherwise
 */
public record AlertCondition(IdentityAlertType type, IdentityAccount app, IdentityAccount idp) {

  public AlertCondition {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(app, "app");
  }

  /** What tells conditions apart: the type and the (app account, user) pair. */
  public Pair pair() {
    return new Pair(type, app.getIntegratedAccountId(), app.getUserId());
  }

  public record Pair(IdentityAlertType type, String appAccountId, String appUserId) {}
}
