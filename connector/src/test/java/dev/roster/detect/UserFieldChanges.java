package dev.roster.detect;

import dev.roster.avro.Email;
import dev.roster.avro.License;
import dev.roster.avro.Organization;
import dev.roster.avro.Role;
import dev.roster.avro.StatusCategory;
import dev.roster.avro.User;
import dev.roster.avro.Workspace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One realistic change of each compared field of a {@link TestUsers#okta()} user, by field name.
 */
final class UserFieldChanges {

  static final Map<String, UnaryOperator<User.Builder>> BY_FIELD = byField();

  private UserFieldChanges() {}

  private static Map<String, UnaryOperator<User.Builder>> byField() {
    Map<String, UnaryOperator<User.Builder>> changes = new LinkedHashMap<>();
    changes.put("integration", b -> b.setIntegration("okta-preview"));
    changes.put("tenant_id", b -> b.setTenantId("acme-eu"));
    changes.put("external_id", b -> b.setExternalId(null));
    changes.put("first_name", b -> b.setFirstName("Priyanka"));
    changes.put("last_name", b -> b.setLastName("Raman-Iyer"));
    changes.put("name", b -> b.setName("Priyanka Raman-Iyer"));
    changes.put("username", b -> b.setUsername("priyanka@acme.example"));
    changes.put("title", b -> b.setTitle("Staff Security Engineer"));
    changes.put("user_type", b -> b.setUserType("admin"));
    changes.put(
        "emails",
        b -> b.setEmails(plus(b.getEmails(), new Email("p.raman@acme.example", "work", false))));
    changes.put("phones", b -> b.setPhones(b.getPhones().subList(0, 1)));
    changes.put("status", b -> b.setStatus("locked_out"));
    changes.put("status_category", b -> b.setStatusCategory(StatusCategory.INACTIVE));
    changes.put("is_email_verified", b -> b.setIsEmailVerified(null));
    changes.put("is_2fa_enabled", b -> b.setIs2faEnabled(false));
    changes.put(
        "roles",
        b -> b.setRoles(plus(b.getRoles(), new Role("ra-org", "Org Admin", null, null, null))));
    changes.put(
        "organizations",
        b -> b.setOrganizations(List.of(new Organization("org-acme", "Acme Inc."))));
    changes.put(
        "licenses",
        b -> b.setLicenses(plus(b.getLicenses(), new License("lic-wf", "Workflows", null, null))));
    changes.put("groups", b -> b.setGroups(b.getGroups().subList(1, 3)));
    changes.put(
        "workspaces",
        b -> b.setWorkspaces(plus(b.getWorkspaces(), new Workspace("ws-dev", "Development"))));
    changes.put("avatar", b -> b.setAvatar(null));
    changes.put("timezone", b -> b.setTimezone("Asia/Kolkata"));
    changes.put("languages", b -> b.setLanguages(List.of("en-US")));
    changes.put("bio", b -> b.setBio(""));
    changes.put("created_at", b -> b.setCreatedAt(b.getCreatedAt().minus(Duration.ofDays(1))));
    changes.put("updated_at", b -> b.setUpdatedAt(b.getUpdatedAt().plusSeconds(60)));
    changes.put("last_active_at", b -> b.setLastActiveAt(b.getLastActiveAt().plusSeconds(3600)));
    changes.put(
        "last_login_at", b -> b.setLastLoginAt(b.getLastLoginAt().plus(Duration.ofDays(1))));
    changes.put(
        "status_changed_at", b -> b.setStatusChangedAt(b.getStatusChangedAt().plusMillis(1)));
    changes.put("activated_at", b -> b.setActivatedAt(null));
    return changes;
  }

  private static <T> List<T> plus(List<T> list, T element) {
    List<T> copy = new ArrayList<>(list);
    copy.add(element);
    return copy;
  }
}
