package dev.tenantry.spi.tenant;

import dev.tenantry.spi.TenantId;

import java.time.Instant;
import java.util.Objects;

/**
 * A change of a tenant's tier, kept so that an invoice for a period in which the tier changed can be
 * prorated, each part priced on its own plan.
 *
 * @param tenant the tenant
 * @param from the tier before the change
 * @param to the tier after the change
 * @param at when the change took effect
 */
public record TierChange(TenantId tenant, Tier from, Tier to, Instant at) {
    /** Validates that nothing is null. */
    public TierChange {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(at, "at");
    }
}
