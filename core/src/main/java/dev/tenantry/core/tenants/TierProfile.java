package dev.tenantry.core.tenants;

import dev.tenantry.spi.tenant.Priority;
import dev.tenantry.spi.tenant.TenantLimits;

import java.util.Objects;

/**
 * What a tier gives a tenant: its limits and its scheduling priority.
 *
 * @param limits the limits
 * @param priority the priority
 */
public record TierProfile(TenantLimits limits, Priority priority) {
    /** Validates that nothing is null. */
    public TierProfile {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(priority, "priority");
    }
}
