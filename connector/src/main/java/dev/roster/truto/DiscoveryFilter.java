package dev.roster.truto;

import java.util.List;

/**
 * Which integrated accounts discovery lists; empty lists mean no filter. Truto filters by one value
 * per parameter, so several integration names or tenants mean one listing each.
 *
 * @param statuses Truto account statuses to list (active, needs_reauth, …); empty lists all
 */
public record DiscoveryFilter(
    List<String> integrations, List<String> tenantIds, List<String> statuses) {
  public DiscoveryFilter {
    integrations = List.copyOf(integrations);
    tenantIds = List.copyOf(tenantIds);
    statuses = List.copyOf(statuses);
  }

  public static DiscoveryFilter all() {
    return new DiscoveryFilter(List.of(), List.of(), List.of());
  }
}
