package dev.tenantry.core.admission;

import dev.tenantry.spi.PluginConfig;

import java.util.Set;

/**
 * Configuration of the {@code standard} quota policy, bound from the {@code quotas} section. The limits
 * themselves are per tenant ({@link dev.tenantry.spi.tenant.TenantLimits}); this only tunes the policy.
 *
 * <p>The keys {@code provider} and {@code state-store} of the same section select this policy and its store;
 * the platform reads them, and this binding accepts and ignores them.
 *
 * @param rejectionEvents whether each rejection is published as a {@code limit_rejected} event (key
 *     {@code rejection-events}, default true)
 */
public record StandardQuotaSettings(boolean rejectionEvents) {

    /** {@return the defaults} */
    public static StandardQuotaSettings defaults() {
        return new StandardQuotaSettings(true);
    }

    /**
     * Binds the configuration, rejecting unknown keys.
     *
     * @throws dev.tenantry.spi.ConfigurationException naming the path of every unknown or bad value
     */
    public static StandardQuotaSettings from(PluginConfig config) {
        // "provider" and "state-store" select the policy and its store in the same section; the platform reads them
        config.requireOnly(Set.of("provider", "state-store", "rejection-events"));
        return new StandardQuotaSettings(config.bool("rejection-events", true));
    }
}
