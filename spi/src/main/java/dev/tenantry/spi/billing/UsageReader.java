package dev.tenantry.spi.billing;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.metering.UsageSummary;

import java.time.Instant;

/**
 * How a billing engine reads metered usage: the platform passes one backed by its usage store, tests pass
 * fixed figures. Thread-safe.
 */
@FunctionalInterface
public interface UsageReader {
    /** {@return the tenant's usage in {@code [from, to)}} */
    UsageSummary usage(TenantId tenant, Instant from, Instant to);
}
