package dev.roster.ops;

import dev.roster.avro.ChangeType;
import dev.roster.avro.IdentityAlertType;
import dev.roster.avro.PollOutcome;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The status page at /: server-rendered HTML, refreshed by the browser every 10 s, no JavaScript.
 */
final class StatusPage {

  /** Open identity alerts listed per tenant, newest first; the others are counted. */
  static final int ALERTS_PER_TENANT = 20;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  private static final String STYLE =
      """
      body{font-family:sans-serif;margin:1.5em;color:#222}
      table{border-collapse:collapse;margin-bottom:1.5em}
      th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
      th{background:#f0f0f0}
      .badge{padding:.1em .5em;border-radius:.6em;font-weight:bold;white-space:nowrap}
      .NEEDS_REAUTH,.FAILING{background:#c62828;color:#fff}
      .STALE{background:#f9a825}
      .NEVER_POLLED,.NOT_POLLED,.DISABLED{background:#bdbdbd}
      .OK{background:#2e7d32;color:#fff}
      """;

  private StatusPage() {}

  static String render(OpsState state, Instant now) {
    StringBuilder html = new StringBuilder(4096);
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta http-equiv=\"refresh\" content=\"10\"><title>Roster status</title><style>")
        .append(STYLE)
        .append("</style></head><body>\n<h1>Roster status</h1>\n<p>As of ")
        .append(TIME.format(now))
        .append("</p>\n");
    accounts(html, state.accounts(now));
    identityAlerts(
        html, state.openAlerts(), state.openAlertsDropped(), state.usersWithoutKey(), now);
    events(html, state.eventCounts(), state.deadLetters(), state.recentEvents());
    return html.append("</body></html>\n").toString();
  }

  private static void accounts(StringBuilder html, List<AccountView> accounts) {
    html.append(
            "<h2>Accounts</h2>\n<table id=\"accounts\"><thead><tr><th>Account</th><th>Integration</th><th>Tenant</th>")
        .append(
            "<th>State</th><th>Last poll</th><th>Users</th><th>Next poll</th><th>Last error</th><th>Removals held</th>")
        .append("</tr></thead><tbody>\n");
    if (accounts.isEmpty()) {
      html.append("<tr><td colspan=\"9\">No accounts known yet.</td></tr>\n");
    }
    for (AccountView a : accounts) {
      html.append("<tr class=\"account\" data-state=\"")
          .append(a.state().name())
          .append("\">")
          .append(cell(a.id()))
          .append(cell(a.integration()))
          .append(cell(a.tenant()))
          .append("<td><span class=\"badge ")
          .append(a.state().name())
          .append("\">")
          .append(Html.escape(a.state().words()))
          .append("</span></td>")
          .append(cell(lastPoll(a)))
          .append(
              cell(
                  a.lastOutcome() == null || a.lastOutcome() == PollOutcome.NOT_POLLED
                      ? ""
                      : Long.toString(a.usersSeen())))
          .append(cell(a.nextPollEstimate() == null ? "" : TIME.format(a.nextPollEstimate())))
          .append(cell(a.lastError()))
          .append(
              cell(a.removalsHeld() == 0 ? "" : a.removalsHeld() + " (" + a.guardReason() + ")"))
          .append("</tr>\n");
    }
    html.append("</tbody></table>\n");
  }

  /** The last poll's outcome and age; for an account not polled, how old its data is. */
  private static String lastPoll(AccountView a) {
    if (a.lastOutcome() == null) {
      return "never";
    }
    if (a.lastOutcome() == PollOutcome.NOT_POLLED) {
      return "not polled; "
          + (a.lastCompleteAge() == null
              ? "never completed"
              : "last complete " + ago(a.lastCompleteAge()));
    }
    return a.lastOutcome().name().toLowerCase() + ", " + ago(a.lastPollAge());
  }

  /**
   * Open identity alerts: counts by type per tenant (with this instance's users without an identity
   * key, when known), then each tenant's alerts, newest first.
   */
  private static void identityAlerts(
      StringBuilder html,
      List<OpenAlert> open,
      long dropped,
      Optional<Map<String, Long>> usersWithoutKey,
      Instant now) {
    Map<String, List<OpenAlert>> byTenant = new TreeMap<>();
    Set<IdentityAlertType> types = EnumSet.copyOf(OpenAlert.OPENING_TYPES);
    for (OpenAlert alert : open) { // newest first, so each tenant's list is too
      byTenant.computeIfAbsent(alert.tenant(), t -> new ArrayList<>()).add(alert);
      types.add(alert.type());
    }
    Set<String> tenants = new TreeSet<>(byTenant.keySet());
    usersWithoutKey.ifPresent(counts -> tenants.addAll(counts.keySet()));
    html.append("<h2>Identity alerts</h2>\n");
    if (dropped > 0) {
      html.append("<p id=\"identity-alerts-dropped\">")
          .append(dropped)
          .append(" open alerts read earliest are left out: more than ")
          .append(OpsState.MAX_OPEN_ALERTS)
          .append(" were open.</p>\n");
    }
    if (open.isEmpty()) {
      html.append("<p>No open identity alerts.</p>\n");
    }
    if (tenants.isEmpty()) {
      return;
    }
    html.append("<table id=\"identity-alert-totals\"><thead><tr><th>Tenant</th>");
    types.forEach(type -> html.append("<th>").append(type.name()).append("</th>"));
    if (usersWithoutKey.isPresent()) {
      html.append("<th>Users without identity key (this instance)</th>");
    }
    html.append("</tr></thead><tbody>\n");
    for (String tenant : tenants) {
      List<OpenAlert> alerts = byTenant.getOrDefault(tenant, List.of());
      html.append("<tr>").append(cell(tenantName(tenant)));
      for (IdentityAlertType type : types) {
        html.append(cell(Long.toString(alerts.stream().filter(a -> a.type() == type).count())));
      }
      usersWithoutKey.ifPresent(
          counts -> html.append(cell(Long.toString(counts.getOrDefault(tenant, 0L)))));
      html.append("</tr>\n");
    }
    html.append("</tbody></table>\n");
    byTenant.forEach((tenant, alerts) -> tenantAlerts(html, tenant, alerts, now));
  }

  private static void tenantAlerts(
      StringBuilder html, String tenant, List<OpenAlert> alerts, Instant now) {
    html.append("<h3>Tenant ")
        .append(Html.escape(tenantName(tenant)))
        .append("</h3>\n<table class=\"identity-alerts\" data-tenant=\"")
        .append(Html.escape(tenant))
        .append("\"><thead><tr><th>Since</th><th>Type</th><th>Person</th><th>App account</th>")
        .append("<th>App status</th><th>IdP status</th><th>Reason</th></tr></thead><tbody>\n");
    for (OpenAlert a : alerts.subList(0, Math.min(alerts.size(), ALERTS_PER_TENANT))) {
      html.append("<tr class=\"identity-alert\">")
          .append(
              cell(
                  TIME.format(a.detectedAt())
                      + " ("
                      + ago(Duration.between(a.detectedAt(), now))
                      + ")"))
          .append(cell(a.type().name()))
          .append(cell(a.person()))
          .append(cell(a.appIntegration() + " (" + a.appAccountId() + "), user " + a.appUserId()))
          .append(cell(a.appStatus()))
          .append(cell(a.idpIntegration() == null ? "" : a.idpIntegration() + ": " + a.idpStatus()))
          .append(cell(a.reason()))
          .append("</tr>\n");
    }
    if (alerts.size() > ALERTS_PER_TENANT) {
      html.append("<tr><td colspan=\"7\">and ")
          .append(alerts.size() - ALERTS_PER_TENANT)
          .append(" more</td></tr>\n");
    }
    html.append("</tbody></table>\n");
  }

  private static String tenantName(String tenant) {
    return tenant.isEmpty() ? "(no tenant)" : tenant;
  }

  private static void events(
      StringBuilder html,
      Map<ChangeType, Long> counts,
      long deadLetters,
      List<RecentEvent> recent) {
    html.append("<h2>Change events</h2>\n<table id=\"event-totals\"><tbody>\n");
    for (ChangeType type : ChangeType.values()) {
      html.append("<tr>")
          .append(cell(type.name()))
          .append(cell(Long.toString(counts.getOrDefault(type, 0L))))
          .append("</tr>\n");
    }
    html.append("<tr>")
        .append(cell("dead letters"))
        .append(cell(Long.toString(deadLetters)))
        .append("</tr>\n</tbody></table>\n");
    html.append(
            "<h2>Latest events</h2>\n<table id=\"recent-events\"><thead><tr><th>Emitted</th><th>Type</th><th>Account</th>")
        .append("<th>Integration</th><th>Tenant</th><th>User</th></tr></thead><tbody>\n");
    for (RecentEvent e : recent) {
      html.append("<tr>")
          .append(cell(TIME.format(e.emittedAt())))
          .append(cell(e.type().name()))
          .append(cell(e.accountId()))
          .append(cell(e.integration()))
          .append(cell(e.tenant()))
          .append(cell(e.userId()))
          .append("</tr>\n");
    }
    html.append("</tbody></table>\n");
  }

  private static String cell(String value) {
    return "<td>" + Html.escape(value) + "</td>";
  }

  /** An age in the largest unit that reads well at 3 a.m. */
  static String ago(Duration age) {
    long seconds = Math.max(0, age.toSeconds());
    if (seconds < 120) {
      return seconds + " s ago";
    }
    if (seconds < 2 * 3600) {
      return seconds / 60 + " min ago";
    }
    if (seconds < 2 * 86400) {
      return seconds / 3600 + " h ago";
    }
    return seconds / 86400 + " days ago";
  }
}
