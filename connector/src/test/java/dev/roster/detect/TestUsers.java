package dev.roster.detect;

import dev.roster.avro.Email;
import dev.roster.avro.Group;
import dev.roster.avro.License;
import dev.roster.avro.Organization;
import dev.roster.avro.Phone;
import dev.roster.avro.Role;
import dev.roster.avro.StatusCategory;
import dev.roster.avro.User;
import dev.roster.avro.Workspace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Realistic users to start tests from; change what a test is about with the returned builder. */
final class TestUsers {

  static final String OKTA_ACCOUNT = "ia-7f3c2a10-okta";
  static final Instant OBSERVED = Instant.parse("2026-11-27T10:00:00.123Z");

  private TestUsers() {}

  /** An Okta user with every field set and two or more elements in every array. */
  static User.Builder okta() {
    return User.newBuilder()
        .setId("00u1a2b3c4d5e6f7g8h9")
        .setIntegratedAccountId(OKTA_ACCOUNT)
        .setIntegration("okta")
        .setTenantId("acme")
        .setExternalId("00u1a2b3c4d5e6f7g8h9")
        .setFirstName("Priya")
        .setLastName("Raman")
        .setName("Priya Raman")
        .setUsername("priya.raman@acme.example")
        .setTitle("Security Engineer")
        .setUserType("member")
        .setEmails(
            List.of(
                new Email("priya.raman@acme.example", "work", true),
                new Email("priya@raman.example", "personal", false)))
        .setPhones(
            List.of(
                new Phone("+1 415 555 0134", null, "mobile"),
                new Phone("+1 415 555 0100", "2231", "work")))
        .setStatus("active")
        .setStatusCategory(StatusCategory.ACTIVE)
        .setIsEmailVerified(true)
        .setIs2faEnabled(true)
        .setRoles(
            List.of(
                new Role("ra-super", "Super Administrator", null, null, null),
                new Role("ra-helpdesk", "Help Desk Administrator", "00g-it", null, null)))
        .setOrganizations(
            List.of(
                new Organization("org-acme", "Acme"), new Organization("org-labs", "Acme Labs")))
        .setLicenses(
            List.of(
                new License(
                    "lic-sso", "Okta SSO", "org-acme", Instant.parse("2026-11-26T08:15:00Z")),
                new License(
                    "lic-mfa",
                    "Okta Adaptive MFA",
                    "org-acme",
                    Instant.parse("2026-11-25T17:02:00Z"))))
        .setGroups(
            List.of(
                new Group("00g-everyone", "Everyone", "org-acme"),
                new Group("00g-it", "IT Admins", "org-acme"),
                new Group("00g-sec", "Security", "org-acme")))
        .setWorkspaces(
            List.of(new Workspace("ws-prod", "Production"), new Workspace("ws-stage", "Staging")))
        .setAvatar("https://acme.okta.example/avatars/priya.png")
        .setTimezone("America/Los_Angeles")
        .setLanguages(List.of("en-US", "ta"))
        .setBio("On call for identity.")
        .setCreatedAt(Instant.parse("2021-03-04T16:20:00Z"))
        .setUpdatedAt(Instant.parse("2026-11-20T09:00:00Z"))
        .setLastActiveAt(Instant.parse("2026-11-26T18:40:00Z"))
        .setLastLoginAt(Instant.parse("2026-11-26T08:15:00Z"))
        .setStatusChangedAt(Instant.parse("2021-03-05T09:00:00Z"))
        .setActivatedAt(Instant.parse("2021-03-05T09:00:00Z"))
        .setRemoteData(
            "{\"id\":\"00u1a2b3c4d5e6f7g8h9\",\"status\":\"ACTIVE\","
                + "\"profile\":{\"login\":\"priya.raman@acme.example\"}}")
        .setObservedAt(OBSERVED);
  }

  /** A sparse Slack guest: most optional fields null, arrays short or empty. */
  static User.Builder slackGuest() {
    return User.newBuilder()
        .setId("U04GUEST01")
        .setIntegratedAccountId("ia-19be-slack")
        .setIntegration("slack")
        .setTenantId(null)
        .setName("Jordan (Contractor)")
        .setUsername("jordan.c")
        .setUserType("guest")
        .setEmails(List.of(new Email("jordan@contractor.example", null, null)))
        .setStatus("invited")
        .setStatusCategory(StatusCategory.INVITED)
        .setWorkspaces(List.of(new Workspace("T01ACME", "acme")))
        .setTimezone("Europe/Berlin")
        .setObservedAt(OBSERVED);
  }

  static <T> List<T> reversed(List<T> list) {
    List<T> copy = new ArrayList<>(list);
    Collections.reverse(copy);
    return copy;
  }
}
