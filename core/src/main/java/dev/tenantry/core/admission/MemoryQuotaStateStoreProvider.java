package dev.tenantry.core.admission;

import dev.tenantry.core.config.DatabaseSettings;
import dev.tenantry.spi.ProviderContext;
import dev.tenantry.spi.quota.QuotaStateStore;
import dev.tenantry.spi.quota.QuotaStateStoreProvider;

/**
 * The quota state store named {@code memory}: counters in the memory of this node (see
 * {@link MemoryQuotaStateStore}). Accepts and ignores the {@code database} keys the platform hands every
 * data-keeping provider; takes no keys of its own.
 */
public final class MemoryQuotaStateStoreProvider implements QuotaStateStoreProvider {
    /** The name to select this store with in configuration. */
    public static final String NAME = "memory";

    /** Creates the provider; called by {@link java.util.ServiceLoader}. */
    public MemoryQuotaStateStoreProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Quota counters in the memory of one node; lost on restart";
    }

    @Override
    public QuotaStateStore create(ProviderContext context) {
        context.config().requireOnly(DatabaseSettings.KEYS);
        return new MemoryQuotaStateStore();
    }
}
