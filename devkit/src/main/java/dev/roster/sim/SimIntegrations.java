package dev.roster.sim;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The one place that lists integration slugs: the vendor-flavoured catalogue the data comes from,
 * and Truto's partial-response list (docs/architecture.md#truto-partial-responses). Unknown slugs
 * get a plain generic profile, so any integration name works.
 */
public final class SimIntegrations {

  public static final String OKTA = "okta";
  public static final String GOOGLE_WORKSPACE = "googleworkspace";
  public static final String AZURE_AD = "azureactivedirectory";
  public static final String SLACK = "slack";
  public static final String GITHUB = "github";
  public static final String SALESFORCE = "salesforce";
  public static final String ZOOM = "zoom";
  public static final String JIRA = "jira";
  public static final String HUBSPOT = "hubspot";

  /**
   * Integrations whose list answers carry only some fields
   * (docs/architecture.md#truto-partial-responses). Adobe Marketo Engage is {@code marketo} here.
   */
  public static final Set<String> PARTIAL_RESPONSE =
      Set.of(
          "marketo",
          "asana",
          "calendly",
          "confluence",
          "datadog",
          "dropbox",
          "freshdesk",
          GITHUB,
          HUBSPOT,
          JIRA,
          OKTA,
          "outreach",
          "pagerduty",
          SALESFORCE);

  private static final Map<String, SimIntegration> CATALOGUE = catalogue();

  private SimIntegrations() {}

  /** The profile of {@code slug}; a generic one when the catalogue does not know it. */
  public static SimIntegration of(String slug) {
    SimIntegration known = CATALOGUE.get(slug);
    return known != null ? known : generic(slug);
  }

  public static Set<String> known() {
    return CATALOGUE.keySet();
  }

  private static SimIntegration generic(String slug) {
    return new SimIntegration(
        slug,
        "usr_",
        10,
        100,
        List.of(),
        "active",
        List.of("inactive", "deleted"),
        List.of("invited"),
        List.of("member", "admin"),
        List.of(),
        SimTimeFormat.ISO_MILLIS_Z);
  }

  private static Map<String, SimIntegration> catalogue() {
    Map<String, SimIntegration> all = new TreeMap<>();
    for (SimIntegration i :
        List.of(
            new SimIntegration(
                OKTA,
                "00u",
                12,
                200,
                List.of(),
                "ACTIVE",
                List.of("SUSPENDED", "DEPROVISIONED"),
                List.of("STAGED", "PROVISIONED", "LOCKED_OUT", "PASSWORD_EXPIRED", "RECOVERY"),
                List.of(
                    "Everyone",
                    "Super Administrator",
                    "Org Administrator",
                    "Help Desk Administrator",
                    "Read-only Administrator"),
                List.of(),
                SimTimeFormat.ISO_MILLIS_Z),
            new SimIntegration(
                GOOGLE_WORKSPACE,
                "100",
                18,
                500,
                List.of(),
                "active",
                List.of("suspended"),
                List.of("archived"),
                List.of(
                    "User",
                    "Super Admin",
                    "User Management Admin",
                    "Help Desk Admin",
                    "Groups Admin"),
                List.of(
                    "Google Workspace Business Standard",
                    "Google Workspace Business Plus",
                    "Google Workspace Enterprise Standard"),
                SimTimeFormat.ISO_MILLIS_Z),
            // Graph ids are GUIDs; the prefix plus 12 digits is one.
            new SimIntegration(
                AZURE_AD,
                "6f1c3e2a-9b7d-4c1e-8a5f-",
                12,
                999,
                List.of(),
                "active",
                List.of("inactive"),
                List.of("invited", "PendingAcceptance"),
                List.of(
                    "User",
                    "Global Administrator",
                    "User Administrator",
                    "Security Reader",
                    "Billing Administrator"),
                List.of("Microsoft 365 E3", "Microsoft 365 E5", "Microsoft 365 Business Premium"),
                SimTimeFormat.ISO_SECONDS_Z),
            new SimIntegration(
                SLACK,
                "U",
                10,
                200,
                List.of(),
                "active",
                List.of("deleted"),
                List.of("restricted", "ultra_restricted", "invited"),
                List.of("member", "admin", "owner", "primary_owner"),
                List.of(),
                SimTimeFormat.EPOCH_SECONDS),
            new SimIntegration(
                GITHUB,
                "9",
                8,
                100,
                List.of("organization_id"),
                "active",
                List.of("suspended"),
                List.of("pending", ""),
                List.of("member", "admin", "billing_manager"),
                List.of("GitHub Enterprise Cloud", "GitHub Copilot Business"),
                SimTimeFormat.ISO_SECONDS_Z),
            new SimIntegration(
                SALESFORCE,
                "0058c00000",
                8,
                2000,
                List.of(),
                "active",
                List.of("inactive"),
                List.of("frozen"),
                List.of(
                    "Standard User",
                    "System Administrator",
                    "Sales Manager",
                    "Marketing User",
                    "Read Only"),
                List.of("Salesforce", "Salesforce Platform", "Chatter Free"),
                SimTimeFormat.ISO_OFFSET_COMPACT),
            new SimIntegration(
                ZOOM,
                "zU",
                10,
                300,
                List.of(),
                "active",
                List.of("inactive"),
                List.of("pending"),
                List.of("Member", "Admin", "Owner"),
                List.of("Basic", "Licensed", "On-Prem"),
                SimTimeFormat.ISO_SECONDS_Z),
            new SimIntegration(
                JIRA,
                "5b10ac8d82e05b22cc",
                6,
                50,
                List.of(),
                "active",
                List.of("inactive"),
                List.of("unknown"),
                List.of(
                    "jira-software-users",
                    "jira-administrators",
                    "site-admins",
                    "confluence-users"),
                List.of("Jira Software", "Jira Service Management", "Confluence"),
                SimTimeFormat.SQL_SPACE),
            new SimIntegration(
                HUBSPOT,
                "4",
                7,
                100,
                List.of(),
                "active",
                List.of("deactivated", "inactive"),
                List.of("invited"),
                List.of("Standard", "Super Admin", "Sales Rep", "Marketing Manager"),
                List.of(
                    "Sales Hub Professional", "Marketing Hub Starter", "Service Hub Professional"),
                SimTimeFormat.ISO_MILLIS_Z))) {
      all.put(i.slug(), i);
    }
    return Map.copyOf(all);
  }
}
