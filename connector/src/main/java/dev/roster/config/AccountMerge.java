package dev.roster.config;

import dev.roster.avro.IntegratedAccount;
import dev.roster.truto.IntegratedAccountPageParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accounts to poll, from the accounts file and discovery merged by id. Discovery knows what
 * exists and its status; the file knows what discovery cannot: query parameters, intervals, and
 * accounts an operator wants left alone.
 */
public final class AccountMerge {

  private static final Logger LOG = LoggerFactory.getLogger(AccountMerge.class);

  private AccountMerge() {}

  /**
   * Merges by id.
   *
   * <ul>
   *   <li>An account discovery lists is a DISCOVERY account with discovery's integration, tenant
   *       and status, enabled only while its status is active ({@link
   *       IntegratedAccountPageParser#discovered}).
   *   <li>When the file lists it too, the file's query parameters and interval apply, and the file
   *       can disable it; it cannot enable an account whose status is not active.
   *   <li>A file account discovery does not list stays as the file says (CONFIG): discovery may be
   *       off, filtered to other tenants, or the token may not see it.
   * </ul>
   *
   * @return the file's accounts in file order, then the accounts only discovery lists in discovery
   *     order
   */
  public static List<IntegratedAccount> merge(
      List<IntegratedAccount> fromFile, List<IntegratedAccount> discovered) {
    // Several filtered listings (one per integration or tenant) can list one account twice.
    Map<String, IntegratedAccount> discoveredById = new LinkedHashMap<>();
    discovered.forEach(account -> discoveredById.putIfAbsent(account.getId(), account));
    List<IntegratedAccount> merged = new ArrayList<>();
    for (IntegratedAccount configured : fromFile) {
      IntegratedAccount found = discoveredById.remove(configured.getId());
      merged.add(found == null ? configured : overlay(configured, found));
    }
    merged.addAll(discoveredById.values());
    return List.copyOf(merged);
  }

  private static IntegratedAccount overlay(IntegratedAccount configured, IntegratedAccount found) {
    if (!Objects.equals(configured.getIntegration(), found.getIntegration())) {
      LOG.warn(
          "The accounts file gives account {} the integration {}, Truto says {}: using Truto's",
          found.getId(),
          configured.getIntegration(),
          found.getIntegration());
    }
    return IntegratedAccount.newBuilder(found)
        .setTenantId(found.getTenantId() != null ? found.getTenantId() : configured.getTenantId())
        .setQuery(configured.getQuery())
        .setIntervalSeconds(configured.getIntervalSeconds())
        .setEnabled(found.getEnabled() && configured.getEnabled())
        .setIdentityProvider(configured.getIdentityProvider())
        .build();
  }
}
