package dev.tenantry.testkit;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.tenant.Priority;
import dev.tenantry.spi.tenant.TenantConfig;
import dev.tenantry.spi.tenant.TenantLimits;
import dev.tenantry.spi.tenant.Tier;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Tenants and limits for contract tests, independent of any tier defaults a platform may configure. */
public final class SampleTenants {
    private SampleTenants() {
    }

    /** {@return modest limits: 600/min with burst 60, 1 s CPU, 64 MiB, 4 concurrent, 1 MiB storage} */
    public static TenantLimits limits() {
        return new TenantLimits(
                new TenantLimits.RateLimit(600, 60, Map.of()),
                new TenantLimits.RequestLimits(100_000, 1_000_000, 4, 100, Duration.ofSeconds(30)),
                new TenantLimits.ExecutionLimits(Duration.ofSeconds(1), Duration.ofSeconds(5), 64L << 20, 10_000_000,
                        1_000, 64 * 1024, 1 << 20),
                new TenantLimits.StorageLimit(1 << 20, 1_000, 64 * 1024),
                TenantLimits.Thresholds.defaults());
    }

    /** {@return an enabled professional tenant with {@link #limits()}, created at {@code at}} */
    public static TenantConfig tenant(String id, Instant at) {
        return new TenantConfig(TenantId.of(id), "Tenant " + id, Tier.PROFESSIONAL, Priority.NORMAL, limits(), true,
                Map.of(), at, at);
    }
}
