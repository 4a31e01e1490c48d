package dev.tenantry.core.memory;

import dev.tenantry.core.config.DatabaseSettings;
import dev.tenantry.spi.ProviderContext;
import dev.tenantry.spi.metering.MeteringProvider;
import dev.tenantry.spi.metering.UsageStore;

/**
 * Creates {@link InMemoryUsageStore}s; selected with {@code metering.provider: memory}. Accepts the {@code database}
 * keys every data-keeping provider receives and ignores them; rejects any other key.
 */
public final class InMemoryUsageStoreProvider implements MeteringProvider {
    @Override
    public String name() {
        return "memory";
    }

    @Override
    public UsageStore create(ProviderContext context) {
        context.config().requireOnly(DatabaseSettings.KEYS);
        return new InMemoryUsageStore();
    }

    @Override
    public String description() {
        return "in-memory usage store: nothing survives a restart";
    }
}
