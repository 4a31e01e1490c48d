package dev.tenantry.billing.rules;

import java.util.OptionalLong;

/**
 * The limits a plan advertises for its tier, used only to judge whether usage would fit in a tier the tenant
 * is not on (the tenant's own limits come from its {@link dev.tenantry.spi.tenant.TenantConfig}). A limit that
 * is not stated counts as no limit.
 *
 * @param monthlyExecutions executions per calendar month
 * @param storageBytes bytes of key-value storage
 */
public record HeadlineLimits(OptionalLong monthlyExecutions, OptionalLong storageBytes) {
    /** No limits stated. */
    public static final HeadlineLimits NONE = new HeadlineLimits(OptionalLong.empty(), OptionalLong.empty());

    /** Validates that nothing is null. */
    public HeadlineLimits {
        java.util.Objects.requireNonNull(monthlyExecutions, "monthlyExecutions");
        java.util.Objects.requireNonNull(storageBytes, "storageBytes");
    }
}
