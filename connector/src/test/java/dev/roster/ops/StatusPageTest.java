package dev.roster.ops;

import static dev.roster.ops.OpsFixtures.NOW;
import static dev.roster.ops.OpsFixtures.opening;
import static dev.roster.ops.OpsFixtures.resolution;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.avro.IdentityAlert;
import dev.roster.avro.IdentityAlertType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StatusPageTest {

  private static final Pattern TENANT_TABLE =
      Pattern.compile(
          "<table class=\"identity-alerts\" data-tenant=\"([^\"]*)\">.*?</table>", Pattern.DOTALL);
  private static final Pattern ALERT_ROW =
      Pattern.compile("<tr class=\"identity-alert\">(.*?)</tr>", Pattern.DOTALL);

  private final OpsState state = new OpsState(Duration.ofMinutes(5));

  @Test
  void withoutOpenAlertsTheSectionSaysSo() {
    String page = StatusPage.render(state, NOW);

    assertThat(page)
        .contains("<h2>Identity alerts</h2>", "No open identity alerts.")
        .doesNotContain("identity-alert-totals", "Users without identity key");
  }

  @Test
  void openAlertsAreCountedByTypePerTenantAndListedNewestFirst() {
    IdentityAlert resolved =
        opening("a0", IdentityAlertType.LEAVER_STILL_ACTIVE, "acme", "old@acme.io", Duration.ZERO);
    state.applyIdentityAlert(resolved);
    state.applyIdentityAlert(resolution(resolved));
    state.applyIdentityAlert(
        opening(
            "a1",
            IdentityAlertType.LEAVER_STILL_ACTIVE,
            "acme",
            "ann@acme.io",
            Duration.ofHours(3)));
    state.applyIdentityAlert(
        opening(
            "a2",
            IdentityAlertType.ORPHANED_ACCOUNT,
            "acme",
            "bob@acme.io",
            Duration.ofMinutes(5)));
    state.applyIdentityAlert(
        IdentityAlert.newBuilder(
                opening(
                    "a3",
                    IdentityAlertType.ADMIN_WITHOUT_2FA,
                    "",
                    "cy@solo.io",
                    Duration.ofDays(3)))
            .setEmail(null)
            .build());

    String page = StatusPage.render(state, NOW);

    assertThat(page).doesNotContain("No open identity alerts.", "old@acme.io");
    assertThat(totalsRow(page, "acme")).isEqualTo(List.of("acme", "1", "1", "0"));
    assertThat(totalsRow(page, "(no tenant)")).isEqualTo(List.of("(no tenant)", "0", "0", "1"));
    assertThat(page)
        .contains(
            "<th>Tenant</th><th>LEAVER_STILL_ACTIVE</th><th>ORPHANED_ACCOUNT</th><th>ADMIN_WITHOUT_2FA</th></tr>");
    Map<String, List<String>> tables = alertRowsByTenant(page);
    assertThat(tables.keySet()).containsExactly("", "acme");
    assertThat(tables.get("acme")).hasSize(2);
    assertThat(tables.get("acme").get(0))
        .contains(
            "<td>2025-03-01 02:55:00 UTC (5 min ago)</td><td>ORPHANED_ACCOUNT</td><td>bob@acme.io</td>",
            "<td>slack (acc-slack), user U-a2</td><td>active</td><td></td>");
    assertThat(tables.get("acme").get(1))
        .contains(
            "<td>LEAVER_STILL_ACTIVE</td><td>ann@acme.io</td>",
            "<td>okta: deprovisioned</td>",
            "(3 h ago)");
    assertThat(tables.get("").get(0))
        .as("without an email, the person is their identity key")
        .contains("<td>email:cy@solo.io</td>", "(3 days ago)");
  }

  @Test
  void eachTenantListsItsNewestAlertsAndCountsTheRest() {
    for (int i = 0; i < StatusPage.ALERTS_PER_TENANT + 5; i++) {
      state.applyIdentityAlert(
          opening(
              "a" + i,
              IdentityAlertType.ORPHANED_ACCOUNT,
              "acme",
              "u" + i + "@acme.io",
              Duration.ofMinutes(100 - i)));
    }

    String page = StatusPage.render(state, NOW);

    List<String> rows = alertRowsByTenant(page).get("acme");
    assertThat(rows).hasSize(StatusPage.ALERTS_PER_TENANT);
    assertThat(rows.get(0)).contains("u24@acme.io");
    assertThat(rows.get(rows.size() - 1)).contains("u5@acme.io");
    assertThat(page).contains("and 5 more").doesNotContain("u4@acme.io");
    assertThat(totalsRow(page, "acme")).isEqualTo(List.of("acme", "0", "25", "0"));
  }

  @Test
  void theAlertsSectionEscapesWhatComesFromOutside() {
    String hostile = "<script>alert('x')</script>";
    state.applyIdentityAlert(
        IdentityAlert.newBuilder(
                opening(
                    "a1",
                    IdentityAlertType.LEAVER_STILL_ACTIVE,
                    "t\"><b>",
                    hostile + "@x.io",
                    Duration.ZERO))
            .setReason("<img src=x onerror=alert(1)>")
            .setAppStatus("<i>on</i>")
            .build());

    String page = StatusPage.render(state, NOW);

    assertThat(page)
        .doesNotContain("<script>", "<img", "<b>", "<i>")
        .contains(
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;@x.io",
            "&lt;img src=x onerror=alert(1)&gt;",
            "data-tenant=\"t&quot;&gt;&lt;b&gt;\"",
            "<h3>Tenant t&quot;&gt;&lt;b&gt;</h3>",
            "<td>&lt;i&gt;on&lt;/i&gt;</td>");
  }

  @Test
  void usersWithoutAnIdentityKeyAreShownPerTenantAsThisInstancesShare() {
    state.showUsersWithoutKey(() -> Map.of("acme", 4L, "beta", 2L));
    state.applyIdentityAlert(
        opening("a1", IdentityAlertType.ORPHANED_ACCOUNT, "acme", "ann@acme.io", Duration.ZERO));

    String page = StatusPage.render(state, NOW);

    assertThat(page).contains("<th>Users without identity key (this instance)</th>");
    assertThat(totalsRow(page, "acme")).isEqualTo(List.of("acme", "0", "1", "0", "4"));
    assertThat(totalsRow(page, "beta")).isEqualTo(List.of("beta", "0", "0", "0", "2"));
  }

  @Test
  void droppedAlertsAreSaid() {
    for (int i = 0; i <= OpsState.MAX_OPEN_ALERTS; i++) {
      state.applyIdentityAlert(
          opening("a" + i, IdentityAlertType.ORPHANED_ACCOUNT, "acme", "u@acme.io", Duration.ZERO));
    }

    assertThat(StatusPage.render(state, NOW))
        .contains(
            "1 open alerts read earliest are left out: more than "
                + OpsState.MAX_OPEN_ALERTS
                + " were open.");
  }

  /** The cells of the totals row whose first cell is {@code tenant}. */
  private static List<String> totalsRow(String page, String tenant) {
    int table = page.indexOf("<table id=\"identity-alert-totals\">");
    assertThat(table).as("the totals table").isNotNegative();
    String totals = page.substring(table, page.indexOf("</table>", table));
    Matcher row =
        Pattern.compile("<tr><td>" + Pattern.quote(tenant) + "</td>.*?</tr>").matcher(totals);
    assertThat(row.find()).as("a row of " + tenant).isTrue();
    List<String> cells = new ArrayList<>();
    Matcher cell = Pattern.compile("<td>(.*?)</td>").matcher(row.group());
    while (cell.find()) {
      cells.add(cell.group(1));
    }
    return cells;
  }

  /** Tenant (as in data-tenant) → its alert rows, in page order. */
  private static Map<String, List<String>> alertRowsByTenant(String page) {
    Map<String, List<String>> tables = new LinkedHashMap<>();
    Matcher table = TENANT_TABLE.matcher(page);
    while (table.find()) {
      List<String> rows = new ArrayList<>();
      Matcher row = ALERT_ROW.matcher(table.group());
      while (row.find()) {
        rows.add(row.group(1));
      }
      tables.put(table.group(1), rows);
    }
    return tables;
  }
}
