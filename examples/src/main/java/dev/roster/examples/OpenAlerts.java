package dev.roster.examples;

import dev.roster.avro.IdentityAlert;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The open alerts of {@code roster.identity-alerts}, folded as a downstream service would: an alert
 * with {@code resolved == false} opens under its {@code alert_id}, a resolution closes the alert
 * its {@code resolves_alert_id} names. Replays are harmless: ids are deterministic, so an opening
 * read twice is one alert. Read the topic with {@link UserEventsConsumer}'s settings ({@code
 * read_committed}, from the earliest offset) and the {@code IdentityKey} and {@code IdentityAlert}
 * deserializers.
 */
public final class OpenAlerts {

  private final Map<String, IdentityAlert> open = new LinkedHashMap<>();

  /** Folds one alert in; returns whether it changed what is open. */
  public boolean apply(IdentityAlert alert) {
    if (!alert.getResolved()) {
      return open.putIfAbsent(alert.getAlertId(), alert) == null;
    }
    return alert.getResolvesAlertId() != null && open.remove(alert.getResolvesAlertId()) != null;
  }

  public Collection<IdentityAlert> open() {
    return List.copyOf(open.values());
  }

  /** The open alerts of one tenant, oldest first. */
  public List<IdentityAlert> openFor(String tenantId) {
    return open.values().stream().filter(a -> a.getTenantId().equals(tenantId)).toList();
  }
}
