package dev.tenantry.spi.quota;

import dev.tenantry.spi.Provider;

/**
 * Creates {@link QuotaPolicy}s; selected with {@code quotas.provider} in configuration. A policy keeps its
 * counters in the {@link QuotaStateStore} the platform hands it through
 * {@link dev.tenantry.spi.ProviderContext#shared} under the key {@link #STATE_STORE_KEY}.
 */
public interface QuotaProvider extends Provider<QuotaPolicy> {
    /** The key under which the platform shares the configured {@link QuotaStateStore}. */
    String STATE_STORE_KEY = "quota-state-store";
}
