package dev.roster.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Makes the unified user at a given index of an account, deterministically: the same (seed,
 * account, index) always gives the same JSON, so generated accounts need no storage and a test can
 * rebuild what the simulator served. Field names are those of Truto's unified User object
 * (docs/architecture.md#truto-user-object); values are vendor-flavoured (raw statuses, the vendor's
 * time format, a raw {@code remote_data}).
 */
final class SimUserFactory {

  /** Generated histories end here, so data does not depend on the wall clock. */
  static final Instant GENERATED_UNTIL = Instant.parse("2025-06-01T00:00:00Z");

  private static final Instant GENERATED_FROM = Instant.parse("2016-01-01T00:00:00Z");
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private static final List<String> FIRST_NAMES =
      List.of(
          "Ada",
          "Alan",
          "Amara",
          "Ana",
          "Arjun",
          "Beatriz",
          "Bjorn",
          "Carlos",
          "Chen",
          "Chloe",
          "Dana",
          "Diego",
          "Elena",
          "Emeka",
          "Fatima",
          "Felix",
          "Grace",
          "Hana",
          "Hiro",
          "Ines",
          "Ivan",
          "Jamal",
          "Jane",
          "Jonas",
          "Kai",
          "Kavya",
          "Lars",
          "Leila",
          "Lucas",
          "Maya",
          "Mei",
          "Miguel",
          "Nadia",
          "Noah",
          "Olga",
          "Omar",
          "Priya",
          "Quinn",
          "Rafael",
          "Rosa",
          "Sami",
          "Sara",
          "Sven",
          "Tariq",
          "Tomas",
          "Uma",
          "Valentina",
          "Wei",
          "Yara",
          "Zoe");
  static final List<String> LAST_NAMES =
      List.of(
          "Abara",
          "Andersen",
          "Bauer",
          "Becker",
          "Costa",
          "Dubois",
          "Eriksen",
          "Fernandes",
          "Fischer",
          "Garcia",
          "Haddad",
          "Hansen",
          "Ito",
          "Jensen",
          "Kim",
          "Kowalski",
          "Larsen",
          "Lee",
          "Lopez",
          "Martin",
          "Mensah",
          "Moreau",
          "Muller",
          "Nakamura",
          "Nguyen",
          "Novak",
          "Okafor",
          "Olsen",
          "Patel",
          "Perez",
          "Petrov",
          "Quispe",
          "Rossi",
          "Santos",
          "Schmidt",
          "Silva",
          "Singh",
          "Smith",
          "Sato",
          "Tanaka",
          "Torres",
          "Usman",
          "Varga",
          "Wagner",
          "Wang",
          "Weber",
          "Xu",
          "Yilmaz",
          "Zhang",
          "Zielinski");
  static final List<String> TITLES =
      List.of(
          "Software Engineer",
          "Senior Software Engineer",
          "Staff Engineer",
          "Engineering Manager",
          "Product Manager",
          "Designer",
          "Account Executive",
          "Sales Development Rep",
          "Customer Success Manager",
          "Support Engineer",
          "Financial Analyst",
          "Controller",
          "Recruiter",
          "People Partner",
          "Marketing Manager",
          "Data Scientist",
          "Security Engineer",
          "IT Administrator",
          "Legal Counsel",
          "Office Manager");
  private static final List<String> GROUPS =
      List.of(
          "Engineering",
          "Sales",
          "Marketing",
          "Finance",
          "Support",
          "Security",
          "Design",
          "Legal",
          "Contractors",
          "People");
  private static final List<String> TIMEZONES =
      List.of(
          "America/Los_Angeles",
          "America/New_York",
          "America/Sao_Paulo",
          "Europe/London",
          "Europe/Berlin",
          "Africa/Lagos",
          "Asia/Kolkata",
          "Asia/Tokyo",
          "Australia/Sydney");
  private static final List<String> LANGUAGES =
      List.of("en-US", "en-GB", "de-DE", "fr-FR", "ja-JP", "pt-BR");
  private static final List<String> BIOS =
      List.of("Coffee, code and cats.", "Building things that last.", "Ex-physicist.", "");

  private static final Pattern NOT_ALPHANUMERIC = Pattern.compile("[^a-z0-9]+");
  private static final Map<String, String> SLUGS = new ConcurrentHashMap<>();
  private static final Map<String, String> DOMAINS = new ConcurrentHashMap<>();

  private final long seed;

  SimUserFactory(long seed) {
    this.seed = seed;
  }

  /** The user at {@code index} of {@code account}, as generated at the start of the world. */
  ObjectNode user(SimIntegration integration, String accountId, String tenantId, long index) {
    SplittableRandom rnd = new SplittableRandom(mix(seed, accountId, index));
    SimTimeFormat time = integration.timeFormat();
    String first = FIRST_NAMES.get((int) (index % FIRST_NAMES.size()));
    // Walking the last names at a different stride keeps (first, last) unique for the first 2,500.
    String last = LAST_NAMES.get((int) ((index / FIRST_NAMES.size() + index) % LAST_NAMES.size()));
    String domain = DOMAINS.computeIfAbsent(tenantId, SimUserFactory::domain);
    String localPart =
        (first + "." + last).toLowerCase(Locale.ROOT)
            + (index < FIRST_NAMES.size() * LAST_NAMES.size() ? "" : Long.toString(index));
    String email = localPart + "@" + domain;
    String status = status(integration, rnd);
    boolean invited = integration.otherStatuses().contains(status);

    ObjectNode u = JSON.objectNode();
    String id = integration.userId(index);
    u.put("id", id);
    if (rnd.nextInt(3) > 0) {
      u.put("external_id", "E" + (100_000 + index));
    }
    u.put("first_name", first);
    u.put("last_name", last);
    u.put("name", first + " " + last);
    u.put("username", username(integration, localPart, email, index));
    u.put("title", TITLES.get(rnd.nextInt(TITLES.size())));
    String userType = userType(integration, rnd);
    if (userType != null) {
      u.put("user_type", userType);
    }
    ArrayNode emails = u.putArray("emails");
    emails.addObject().put("email", email).put("type", "work").put("is_primary", true);
    if (rnd.nextInt(7) == 0) {
      emails
          .addObject()
          .put("email", localPart + "@mail.example.net")
          .put("type", "personal")
          .put("is_primary", false);
    }
    ArrayNode phones = u.putArray("phones");
    if (rnd.nextInt(5) < 3) {
      ObjectNode work = phones.addObject().put("number", phone(rnd));
      if (rnd.nextInt(5) == 0) {
        work.put("extension", Integer.toString(100 + rnd.nextInt(900)));
      } else {
        work.putNull("extension");
      }
      work.put("type", "work");
    }
    if (rnd.nextInt(3) == 0) {
      phones.addObject().put("number", phone(rnd)).putNull("extension").put("type", "mobile");
    }
    u.put("status", status);
    u.put("is_email_verified", !invited && rnd.nextInt(20) > 0);
    if (integration.slug().equals(SimIntegrations.HUBSPOT)) {
      u.putNull("is_2fa_enabled"); // HubSpot does not say
    } else {
      u.put("is_2fa_enabled", rnd.nextInt(10) < 7);
    }
    String orgId = "org_" + domain.substring(0, domain.indexOf('.'));
    ArrayNode roles = u.putArray("roles");
    roles.add(role(integration.roles().get(0), orgId));
    if (rnd.nextInt(10) == 0) {
      roles.add(
          role(integration.roles().get(1 + rnd.nextInt(integration.roles().size() - 1)), orgId));
    }
    u.putArray("organizations").addObject().put("id", orgId).put("name", displayName(tenantId));
    Instant created = between(rnd, GENERATED_FROM, GENERATED_UNTIL.minus(Duration.ofDays(30)));
    Instant activated = created.plus(Duration.ofMinutes(rnd.nextInt(60 * 24 * 3)));
    Instant lastLogin = between(rnd, activated, GENERATED_UNTIL);
    ArrayNode licenses = u.putArray("licenses");
    if (!integration.licenses().isEmpty() && rnd.nextInt(5) > 0) {
      String license = integration.licenses().get(rnd.nextInt(integration.licenses().size()));
      licenses
          .addObject()
          .put("id", slug("lic", license))
          .put("name", license)
          .put("organization", orgId)
          .set("last_active_at", invited ? JSON.nullNode() : time.node(lastLogin));
    }
    ArrayNode groups = u.putArray("groups");
    int groupCount = 1 + rnd.nextInt(3);
    int firstGroup = rnd.nextInt(GROUPS.size());
    for (int g = 0; g < groupCount; g++) {
      String group = GROUPS.get((firstGroup + g) % GROUPS.size());
      groups
          .addObject()
          .put("id", slug("grp", group))
          .put("name", group)
          .put("organization", orgId);
    }
    ArrayNode workspaces = u.putArray("workspaces");
    if (integration.slug().equals(SimIntegrations.SLACK)
        || integration.slug().equals(SimIntegrations.JIRA)) {
      workspaces
          .addObject()
          .put("id", "T" + orgId.substring(4).toUpperCase(Locale.ROOT))
          .put("name", displayName(tenantId));
    }
    u.put("avatar", "https://avatars.sim.example/" + integration.slug() + "/" + id + ".png");
    u.put("timezone", TIMEZONES.get(rnd.nextInt(TIMEZONES.size())));
    u.putArray("languages").add(LANGUAGES.get(rnd.nextInt(LANGUAGES.size())));
    if (integration.slug().equals(SimIntegrations.GITHUB)
        || integration.slug().equals(SimIntegrations.SLACK)) {
      u.put("bio", BIOS.get(rnd.nextInt(BIOS.size())));
    }
    u.set("created_at", time.node(created));
    u.set("updated_at", time.node(between(rnd, activated, GENERATED_UNTIL)));
    if (invited) {
      u.putNull("last_active_at");
      u.putNull("last_login_at");
      u.putNull("activated_at");
      u.set("status_changed_at", time.node(created));
    } else {
      u.set("last_active_at", time.node(lastLogin.plus(Duration.ofMinutes(rnd.nextInt(600)))));
      u.set("last_login_at", time.node(lastLogin));
      u.set("activated_at", time.node(activated));
      u.set(
          "status_changed_at",
          time.node(
              integration.isDeactivated(status) ? lastLogin.plus(Duration.ofDays(1)) : activated));
    }
    u.set("remote_data", SimRemoteData.of(integration, tenantId, u));
    return u;
  }

  /**
   * A user who joins the account at {@code now}: the generated user at {@code index}, active, with
   * its history starting now and no login yet.
   */
  ObjectNode joiner(
      SimIntegration integration, String accountId, String tenantId, long index, Instant now) {
    ObjectNode u = user(integration, accountId, tenantId, index);
    JsonNode at = integration.timeFormat().node(now);
    u.put("status", integration.activeStatus());
    u.set("created_at", at);
    u.set("updated_at", at);
    u.set("activated_at", at);
    u.set("status_changed_at", at);
    u.putNull("last_login_at");
    u.putNull("last_active_at");
    for (JsonNode license : u.withArray("licenses")) {
      ((ObjectNode) license).putNull("last_active_at");
    }
    u.set("remote_data", SimRemoteData.of(integration, tenantId, u));
    return u;
  }

  static ObjectNode role(String name, String orgId) {
    return JSON.objectNode()
        .put("id", slug("role", name))
        .put("name", name)
        .putNull("group")
        .put("organization", orgId)
        .putNull("workspace");
  }

  static String displayName(String tenantId) {
    return tenantId.isEmpty()
        ? tenantId
        : Character.toUpperCase(tenantId.charAt(0)) + tenantId.substring(1);
  }

  private static String status(SimIntegration integration, SplittableRandom rnd) {
    int roll = rnd.nextInt(100);
    if (roll < 85 || (roll >= 93 && integration.otherStatuses().isEmpty())) {
      return integration.activeStatus();
    }
    List<String> pool = roll < 93 ? integration.deactivatedStatuses() : integration.otherStatuses();
    return pool.get(rnd.nextInt(pool.size()));
  }

  private static String username(
      SimIntegration integration, String localPart, String email, long index) {
    switch (integration.slug()) {
      case SimIntegrations.GITHUB:
        return localPart.replace(".", "-") + (index % 97);
      case SimIntegrations.SLACK:
        return localPart;
      default:
        return email;
    }
  }

  private static String userType(SimIntegration integration, SplittableRandom rnd) {
    int roll = rnd.nextInt(100);
    switch (integration.slug()) {
      case SimIntegrations.SLACK:
        return roll < 2 ? "bot" : roll < 8 ? "guest" : "member";
      case SimIntegrations.AZURE_AD:
        return roll < 6 ? "Guest" : "Member";
      case SimIntegrations.GITHUB:
        return "User";
      case SimIntegrations.SALESFORCE:
        return "Standard";
      default:
        return null;
    }
  }

  private static String phone(SplittableRandom rnd) {
    int line = rnd.nextInt(10_000);
    return "+1 "
        + (200 + rnd.nextInt(800))
        + " 555 "
        + (line < 1000 ? "0" : "")
        + (line < 100 ? "0" : "")
        + (line < 10 ? "0" : "")
        + line;
  }

  /** {@code kind_lower_snake_name}; memoised because a million users share a few dozen names. */
  private static String slug(String kind, String name) {
    return SLUGS.computeIfAbsent(
        kind + ":" + name,
        k -> kind + "_" + NOT_ALPHANUMERIC.matcher(name.toLowerCase(Locale.ROOT)).replaceAll("_"));
  }

  private static String domain(String tenantId) {
    return NOT_ALPHANUMERIC.matcher(tenantId.toLowerCase(Locale.ROOT)).replaceAll("")
        + ".example.com";
  }

  private static Instant between(SplittableRandom rnd, Instant from, Instant to) {
    long span = Math.max(1, to.getEpochSecond() - from.getEpochSecond());
    return from.plusSeconds(rnd.nextLong(span));
  }

  /** One well-spread 64-bit seed per (world seed, account, index). */
  private static long mix(long seed, String accountId, long index) {
    long h = seed * 0x9E3779B97F4A7C15L + accountId.hashCode();
    h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L + index;
    h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
    return h ^ (h >>> 31);
  }
}
