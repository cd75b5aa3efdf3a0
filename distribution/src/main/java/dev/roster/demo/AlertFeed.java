package dev.roster.demo;

import dev.roster.avro.IdentityAlert;
import dev.roster.avro.IdentityAlertType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The demo feed's share of roster.identity-alerts, on the feed's thread: an alert a change caused
 * is one line; alerts found in baselines (there are dozens in the demo's random world) are counted
 * and told as one line per tenant: the first burst once it stops coming, later ones (accounts that
 * baseline bit by bit, like partial responses) with the periodic summary; and the alerts still open
 * are counted for the summary.
 */
final class AlertFeed {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  /** Baseline alerts are told once none came for this long. */
  static final Duration BASELINE_QUIET = Duration.ofSeconds(2);

  private final Instant since;
  private final Map<String, IdentityAlert> open = new HashMap<>();
  private final Map<String, Map<String, Long>> baselineByTenant = new TreeMap<>();
  private Instant lastBaseline = Instant.MIN;
  private boolean firstBurstTold;

  AlertFeed(Instant since) {
    this.since = since;
  }

  /** Takes one alert; returns the lines to print now (none for a baseline alert). */
  List<String> accept(IdentityAlert alert) {
    if (alert.getResolved()) {
      if (alert.getResolvesAlertId() != null) {
        open.remove(alert.getResolvesAlertId());
      }
    } else {
      open.put(alert.getAlertId(), alert);
    }
    if (alert.getEmittedAt().isBefore(since)) {
      return List.of(); // an earlier run's: counted as open, not told again
    }
    if (alert.getFoundInBaseline()) {
      baselineByTenant
          .computeIfAbsent(alert.getTenantId(), t -> new TreeMap<>())
          .merge(name(alert), 1L, Long::sum);
      lastBaseline = Instant.now();
      return List.of();
    }
    return List.of(line(alert));
  }

  /**
   * The baseline alerts counted so far, one line per tenant: the first burst once it stopped
   * coming, later ones only when {@code force}d (at the summary).
   */
  List<String> baselines(Instant now, boolean force) {
    if (baselineByTenant.isEmpty()
        || (!force && (firstBurstTold || now.isBefore(lastBaseline.plus(BASELINE_QUIET))))) {
      return List.of();
    }
    firstBurstTold = true;
    List<String> lines = new ArrayList<>();
    String time = TIME.format(LocalTime.ofInstant(now, ZoneId.systemDefault()));
    baselineByTenant.forEach(
        (tenant, counts) ->
            lines.add(
                String.format(
                    "%s  BASELINE ALERTS %-28s %s",
                    time,
                    tenant,
                    counts.entrySet().stream()
                        .map(e -> e.getValue() + " " + e.getKey())
                        .collect(Collectors.joining(", ")))));
    baselineByTenant.clear();
    return lines;
  }

  /** The open alerts by type, for the summary: "3 LEAVER_STILL_ACTIVE, 12 ADMIN_WITHOUT_2FA". */
  String openCounts() {
    Map<IdentityAlertType, Long> counts = new EnumMap<>(IdentityAlertType.class);
    open.values().forEach(a -> counts.merge(a.getType(), 1L, Long::sum));
    return counts.isEmpty()
        ? "none"
        : counts.entrySet().stream()
            .map(e -> e.getValue() + " " + e.getKey())
            .collect(Collectors.joining(", "));
  }

  /**
   * {@code 12:00:01 ALERT LEAVER_STILL_ACTIVE globex ada@globex.example is inactive in …}; the
   * reason starts with the person (their email) and says which accounts.
   */
  static String line(IdentityAlert alert) {
    String who = alert.getEmail() != null ? alert.getEmail() : alert.getIdentityKey();
    String reason =
        alert.getReason().startsWith(who) ? alert.getReason() : who + ": " + alert.getReason();
    return String.format(
        "%s  %-8s %-26s %-10s %s",
        TIME.format(LocalTime.ofInstant(alert.getEmittedAt(), ZoneId.systemDefault())),
        alert.getResolved() ? "RESOLVED" : "ALERT",
        name(alert),
        alert.getTenantId().isEmpty() ? "-" : alert.getTenantId(),
        reason);
  }

  /** The type's name; a reader-unknown type (OTHER) says whether it opens or resolves. */
  private static String name(IdentityAlert alert) {
    if (alert.getType() == IdentityAlertType.OTHER) {
      return alert.getResolved() ? "OTHER_RESOLVED" : "OTHER";
    }
    return alert.getType().name();
  }
}
