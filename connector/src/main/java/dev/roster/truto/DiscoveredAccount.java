package dev.roster.truto;

import java.time.Instant;

/**
 * One integrated account as {@code GET /integrated-account} lists it.
 *
 * @param status Truto's status: active, connecting, post_install_error, validation_error, needs_reauth (raw)
 */
public record DiscoveredAccount(String id, String tenantId, String status, String integrationName, String environmentId,
                                Boolean isSandbox, Instant createdAt, Instant updatedAt) {

    /** Only active accounts are polled; the others are re-checked on the discovery schedule. */
    public boolean isActive() {
        return "active".equals(status);
    }
}
