package dev.roster.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * The raw vendor object Truto puts in {@code remote_data}, derived from the unified user so that
 * the two always agree, including after churn. A few vendors get their real shape and quirks
 * (Google's 1970 "never logged in", Slack's epoch numbers, Salesforce's capitalised fields); the
 * rest get a plain one.
 */
final class SimRemoteData {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private SimRemoteData() {}

  static ObjectNode of(SimIntegration integration, String tenantId, ObjectNode u) {
    switch (integration.slug()) {
      case SimIntegrations.OKTA:
        return okta(tenantId, u);
      case SimIntegrations.GOOGLE_WORKSPACE:
        return google(u);
      case SimIntegrations.AZURE_AD:
        return azure(u);
      case SimIntegrations.SLACK:
        return slack(u);
      case SimIntegrations.GITHUB:
        return github(u);
      case SimIntegrations.SALESFORCE:
        return salesforce(u);
      default:
        return plain(integration, u);
    }
  }

  private static ObjectNode okta(String tenantId, ObjectNode u) {
    ObjectNode r = JSON.objectNode();
    r.set("id", u.get("id"));
    r.set("status", u.get("status"));
    r.set("created", u.get("created_at"));
    r.set("activated", u.get("activated_at"));
    r.set("statusChanged", u.get("status_changed_at"));
    r.set("lastLogin", u.get("last_login_at"));
    r.set("lastUpdated", u.get("updated_at"));
    ObjectNode profile = r.putObject("profile");
    profile.set("firstName", u.get("first_name"));
    profile.set("lastName", u.get("last_name"));
    profile.put("email", primaryEmail(u));
    profile.set("login", u.get("username"));
    profile.set("title", u.get("title"));
    profile.put("mobilePhone", phone(u, "mobile"));
    r.putObject("credentials").putObject("provider").put("type", "OKTA").put("name", "OKTA");
    r.putObject("_links")
        .putObject("self")
        .put(
            "href",
            "https://"
                + tenantId.toLowerCase(Locale.ROOT)
                + ".okta.com/api/v1/users/"
                + u.get("id").asText());
    return r;
  }

  private static ObjectNode google(ObjectNode u) {
    ObjectNode r = JSON.objectNode();
    r.put("kind", "admin#directory#user");
    r.set("id", u.get("id"));
    r.put("primaryEmail", primaryEmail(u));
    ObjectNode name = r.putObject("name");
    name.set("givenName", u.get("first_name"));
    name.set("familyName", u.get("last_name"));
    name.set("fullName", u.get("name"));
    r.put("isAdmin", hasAdminRole(u));
    r.put("suspended", "suspended".equals(u.path("status").asText()));
    r.put("archived", "archived".equals(u.path("status").asText()));
    r.set("isEnrolledIn2Sv", u.get("is_2fa_enabled"));
    r.set("creationTime", u.get("created_at"));
    JsonNode lastLogin = u.get("last_login_at");
    // Google reports "never logged in" as the epoch, not as null.
    r.put(
        "lastLoginTime",
        lastLogin == null || lastLogin.isNull() ? "1970-01-01T00:00:00.000Z" : lastLogin.asText());
    r.put("orgUnitPath", "/" + u.path("groups").path(0).path("name").asText(""));
    return r;
  }

  private static ObjectNode azure(ObjectNode u) {
    ObjectNode r = JSON.objectNode();
    r.set("id", u.get("id"));
    r.set("displayName", u.get("name"));
    r.set("givenName", u.get("first_name"));
    r.set("surname", u.get("last_name"));
    r.set("userPrincipalName", u.get("username"));
    r.put("mail", primaryEmail(u));
    r.set("jobTitle", u.get("title"));
    r.put("accountEnabled", "active".equals(u.path("status").asText()));
    r.set("createdDateTime", u.get("created_at"));
    r.set("userType", u.get("user_type"));
    r.put("mobilePhone", phone(u, "mobile"));
    return r;
  }

  private static ObjectNode slack(ObjectNode u) {
    ObjectNode r = JSON.objectNode();
    r.set("id", u.get("id"));
    r.put("team_id", u.path("workspaces").path(0).path("id").asText(null));
    r.set("name", u.get("username"));
    r.put("deleted", "deleted".equals(u.path("status").asText()));
    r.set("real_name", u.get("name"));
    r.set("tz", u.get("timezone"));
    r.put("is_admin", hasAdminRole(u));
    r.put(
        "is_owner",
        u.path("roles").findValuesAsText("name").stream().anyMatch(n -> n.contains("owner")));
    r.put("is_bot", "bot".equals(u.path("user_type").asText()));
    r.put("is_restricted", u.path("status").asText().contains("restricted"));
    r.set("has_2fa", u.get("is_2fa_enabled"));
    r.set("updated", u.get("updated_at"));
    ObjectNode profile = r.putObject("profile");
    profile.put("email", primaryEmail(u));
    profile.set("title", u.get("title"));
    profile.put("phone", phone(u, "work"));
    profile.set("real_name", u.get("name"));
    profile.set("display_name", u.get("username"));
    profile.set("first_name", u.get("first_name"));
    profile.set("last_name", u.get("last_name"));
    profile.set("image_192", u.get("avatar"));
    return r;
  }

  private static ObjectNode github(ObjectNode u) {
    ObjectNode r = JSON.objectNode();
    r.set("login", u.get("username"));
    r.put("id", Long.parseLong(u.get("id").asText()));
    r.put("node_id", "MDQ6VXNlcj" + u.get("id").asText());
    r.set("avatar_url", u.get("avatar"));
    r.put("type", "User");
    r.put("site_admin", false);
    r.put("role", hasAdminRole(u) ? "admin" : "member");
    r.put("state", u.path("status").asText());
    r.set("two_factor_authentication", u.get("is_2fa_enabled"));
    r.set("name", u.get("name"));
    r.set("bio", u.get("bio"));
    return r;
  }

  private static ObjectNode salesforce(ObjectNode u) {
    ObjectNode r = JSON.objectNode();
    r.putObject("attributes")
        .put("type", "User")
        .put("url", "/services/data/v59.0/sobjects/User/" + u.get("id").asText());
    r.set("Id", u.get("id"));
    r.set("Username", u.get("username"));
    r.set("FirstName", u.get("first_name"));
    r.set("LastName", u.get("last_name"));
    r.set("Name", u.get("name"));
    r.put("Email", primaryEmail(u));
    r.set("Title", u.get("title"));
    r.put("IsActive", "active".equals(u.path("status").asText()));
    r.set("CreatedDate", u.get("created_at"));
    r.set("LastModifiedDate", u.get("updated_at"));
    r.set("LastLoginDate", u.get("last_login_at"));
    r.set("UserType", u.get("user_type"));
    r.putObject("Profile").put("Name", u.path("roles").path(0).path("name").asText());
    return r;
  }

  private static ObjectNode plain(SimIntegration integration, ObjectNode u) {
    ObjectNode r = JSON.objectNode();
    r.set("id", u.get("id"));
    r.put("email", primaryEmail(u));
    r.set("name", u.get("name"));
    r.set("state", u.get("status"));
    r.set("createdAt", u.get("created_at"));
    r.set("updatedAt", u.get("updated_at"));
    r.put("source", integration.slug());
    return r;
  }

  private static String primaryEmail(ObjectNode u) {
    for (JsonNode e : u.path("emails")) {
      if (e.path("is_primary").asBoolean()) {
        return e.path("email").asText(null);
      }
    }
    return null;
  }

  private static String phone(ObjectNode u, String type) {
    for (JsonNode p : u.path("phones")) {
      if (type.equals(p.path("type").asText())) {
        return p.path("number").asText(null);
      }
    }
    return null;
  }

  private static boolean hasAdminRole(ObjectNode u) {
    return u.path("roles").findValuesAsText("name").stream()
        .anyMatch(n -> n.toLowerCase(Locale.ROOT).contains("admin"));
  }
}
