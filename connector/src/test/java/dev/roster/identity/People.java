package dev.roster.identity;

import dev.roster.avro.Email;
import dev.roster.avro.Role;
import dev.roster.avro.StatusCategory;
import dev.roster.avro.User;
import java.time.Instant;
import java.util.List;

/** Users for the identity tests: one person in one account, with what the rules read. */
final class People {

  static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

  private People() {}

  static User user(
      String account,
      String integration,
      String tenant,
      String id,
      String email,
      StatusCategory category) {
    return User.newBuilder()
        .setId(id)
        .setIntegratedAccountId(account)
        .setIntegration(integration)
        .setTenantId(tenant)
        .setEmails(email == null ? List.of() : List.of(new Email(email, "work", true)))
        .setStatus(category.name().toLowerCase(java.util.Locale.ROOT))
        .setStatusCategory(category)
        .setObservedAt(T0)
        .build();
  }

  static User admin(User user, Boolean twoFactor) {
    return User.newBuilder(user)
        .setRoles(List.of(new Role("r1", "Org Admin", null, null, null)))
        .setIs2faEnabled(twoFactor)
        .build();
  }

  static User withStatus(User user, StatusCategory category) {
    return User.newBuilder(user)
        .setStatus(category.name().toLowerCase(java.util.Locale.ROOT))
        .setStatusCategory(category)
        .build();
  }

  static User withEmail(User user, String email) {
    return User.newBuilder(user).setEmails(List.of(new Email(email, "work", true))).build();
  }
}
