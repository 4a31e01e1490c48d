package dev.tenantry.core.admission;

import dev.tenantry.spi.PluginConfig;

import java.time.Duration;
import java.util.Objects;
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
 * @param counterFlush how often the daily and monthly counters are written to a durable state store (key
 *     {@code counter-flush}, default 100 ms); admissions are decided on the node's copy in between. {@code 0ms}
 *     writes every admission through, at the cost of a database commit per execution. The memory store is
 *     always written through.
 */
public record StandardQuotaSettings(boolean rejectionEvents, Duration counterFlush) {
    /** The default of {@code counter-flush}. */
    public static final Duration DEFAULT_COUNTER_FLUSH = Duration.ofMillis(100);

    public StandardQuotaSettings {
        Objects.requireNonNull(counterFlush, "counterFlush");
        if (counterFlush.isNegative()) {
            throw new IllegalArgumentException("counter-flush must not be negative, was " + counterFlush);
        }
    }

    /** {@return the defaults} */
    public static StandardQuotaSettings defaults() {
        return new StandardQuotaSettings(true, DEFAULT_COUNTER_FLUSH);
    }

    /**
     * Binds the configuration, rejecting unknown keys.
     *
     * @throws dev.tenantry.spi.ConfigurationException naming the path of every unknown or bad value
     */
    public static StandardQuotaSettings from(PluginConfig config) {
        // "provider" and "state-store" select the policy and its store in the same section; the platform reads them
        config.requireOnly(Set.of("provider", "state-store", "rejection-events", "counter-flush"));
        return new StandardQuotaSettings(config.bool("rejection-events", true),
                config.duration("counter-flush", DEFAULT_COUNTER_FLUSH));
    }
}
