package dev.tenantry.examples.billing.discount;

import dev.tenantry.spi.ConfigurationException;
import dev.tenantry.spi.PluginConfig;
import dev.tenantry.spi.TenantId;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Set;

/**
 * The keys of one {@code volume-discount} item of {@code billing.rules}.
 *
 * @param tenant {@code tenant} (required): the one customer the discount is for
 * @param minExecutions {@code min-executions} (100000): executions in the invoice period from which it applies
 * @param percent {@code percent} (10): the share of the subtotal taken off, above 0 and at most 100
 */
public record VolumeDiscountSettings(TenantId tenant, long minExecutions, BigDecimal percent) {

    private static final Set<String> KEYS = Set.of("tenant", "min-executions", "percent");

    /** Validates the values. */
    public VolumeDiscountSettings {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(percent, "percent");
        if (minExecutions < 0) {
            throw new IllegalArgumentException("minExecutions cannot be negative, was " + minExecutions);
        }
        if (percent.signum() <= 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new IllegalArgumentException("percent must be above 0 and at most 100, was " + percent);
        }
    }

    /**
     * Binds one rule item.
     *
     * @throws ConfigurationException naming the path of an unknown key, a missing tenant or a bad value
     */
    public static VolumeDiscountSettings bind(PluginConfig config) {
        config.requireOnly(KEYS);
        TenantId tenant;
        try {
            tenant = TenantId.of(config.requireString("tenant"));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(config.pathOf("tenant"), e.getMessage());
        }
        long min = config.longValue("min-executions", 100_000, 0, Long.MAX_VALUE);
        String rawPercent = config.string("percent", "10");
        BigDecimal percent;
        try {
            percent = new BigDecimal(rawPercent);
        } catch (NumberFormatException e) {
            percent = BigDecimal.ZERO;
        }
        if (percent.signum() <= 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new ConfigurationException(config.pathOf("percent"),
                    "expected a number above 0 and at most 100, got \"" + rawPercent + "\"");
        }
        return new VolumeDiscountSettings(tenant, min, percent);
    }
}
