package dev.roster.identity;

/** Which accounts are identity providers, and which tenants have one. */
public interface IdentityProviderView {

  boolean isIdentityProvider(String integratedAccountId, String integration);

  /**
   * Whether the tenant has an identity-provider account at all: without one, no app account can be
   * an orphan.
   */
  boolean tenantHasIdentityProvider(String tenantId);
}
