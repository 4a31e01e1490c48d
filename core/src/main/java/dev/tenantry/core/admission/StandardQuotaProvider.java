package dev.tenantry.core.admission;

import dev.tenantry.spi.ProviderContext;
import dev.tenantry.spi.quota.QuotaPolicy;
import dev.tenantry.spi.quota.QuotaProvider;
import dev.tenantry.spi.quota.QuotaStateStore;

/**
 * The quota policy named {@code standard} (see {@link StandardQuotaPolicy}). Its counters live in the
 * {@link QuotaStateStore} the platform shares under {@link QuotaProvider#STATE_STORE_KEY}; if the platform
 * shares none, an in-memory store is created for this platform.
 */
public final class StandardQuotaProvider implements QuotaProvider {
    /** The name to select this policy with in configuration. */
    public static final String NAME = "standard";

    /** Creates the provider; called by {@link java.util.ServiceLoader}. */
    public StandardQuotaProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Token buckets with burst (tenant-wide and per operation), daily and monthly UTC windows";
    }

    @Override
    public QuotaPolicy create(ProviderContext context) {
        StandardQuotaSettings settings = StandardQuotaSettings.from(context.config());
        QuotaStateStore store = context.shared(STATE_STORE_KEY, QuotaStateStore.class, MemoryQuotaStateStore::new);
        if (!(store instanceof MemoryQuotaStateStore) && !settings.counterFlush().isZero()) {
            store = new WriteBehindCounters(store, settings.counterFlush());
        }
        return new StandardQuotaPolicy(settings, store, context.events(), context.clock());
    }
}
