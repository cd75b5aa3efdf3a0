package dev.roster.identity;

import dev.roster.avro.IntegratedAccount;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The identity providers among the accounts, as this instance knows them from roster.accounts: an
 * account whose {@code identity_provider} is set says so itself; otherwise its integration decides
 * ({@code identities.idp-integrations}). Thread-safe: the accounts feed writes it while the
 * identity stage's threads read it.
 */
public final class IdentityProviders implements IdentityProviderView {

  private final Set<String> idpIntegrations;
  private final Map<String, IntegratedAccount> accounts = new ConcurrentHashMap<>();

  /**
   * Tenants with an identity-provider account, worked out when an account changes (rarely), not
   * each time a person is judged (for every user).
   */
  private volatile Set<String> tenantsWithIdp = Set.of();

  public IdentityProviders(Set<String> idpIntegrations) {
    this.idpIntegrations = Set.copyOf(idpIntegrations);
  }

  /** An account as roster.accounts has it now; null when it was deleted. */
  public synchronized void apply(String accountId, IntegratedAccount account) {
    if (account == null) {
      accounts.remove(accountId);
    } else {
      accounts.put(accountId, account);
    }
    tenantsWithIdp =
        accounts.values().stream()
            .filter(a -> isIdentityProvider(a.getId(), a.getIntegration()))
            .map(a -> IdentityMembers.tenantOf(a.getTenantId()))
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  @Override
  public boolean isIdentityProvider(String integratedAccountId, String integration) {
    IntegratedAccount account = accounts.get(integratedAccountId);
    if (account != null && account.getIdentityProvider() != null) {
      return account.getIdentityProvider();
    }
    return idpIntegrations.contains(integration);
  }

  @Override
  public boolean tenantHasIdentityProvider(String tenantId) {
    return tenantsWithIdp.contains(tenantId);
  }
}
