package dev.roster.truto;

import java.util.Objects;

/**
 * The integrated account a user was listed from; copied into every mapped user.
 *
 * @param integratedAccountId Truto's id of the integrated account
 * @param integration         Truto's name of the integration, e.g. okta
 * @param tenantId            the tenant that owns the account, or null when unknown
 */
public record AccountContext(String integratedAccountId, String integration, String tenantId) {

    public AccountContext {
        Objects.requireNonNull(integratedAccountId, "integratedAccountId");
        Objects.requireNonNull(integration, "integration");
    }
}
