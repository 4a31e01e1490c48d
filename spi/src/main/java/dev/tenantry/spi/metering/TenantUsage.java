package dev.tenantry.spi.metering;

import dev.tenantry.spi.TenantId;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One row of a top-N report: a tenant and its quantity of a meter.
 *
 * @param tenant the tenant
 * @param quantity its quantity of the meter the report was asked for
 */
public record TenantUsage(TenantId tenant, BigDecimal quantity) {
    /** Validates that nothing is null. */
    public TenantUsage {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(quantity, "quantity");
    }
}
