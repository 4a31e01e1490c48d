package dev.tenantry.core.memory;

import dev.tenantry.core.config.DatabaseSettings;
import dev.tenantry.spi.ProviderContext;
import dev.tenantry.spi.tenant.TenantDataStoreProvider;
import dev.tenantry.spi.tenant.TenantDataStore;

/**
 * Creates {@link InMemoryTenantDataStore}s; selected with {@code data.store: memory}. Accepts the {@code database}
 * keys every data-keeping provider receives and ignores them; rejects any other key.
 */
public final class InMemoryTenantDataStoreProvider implements TenantDataStoreProvider {
    @Override
    public String name() {
        return "memory";
    }

    @Override
    public TenantDataStore create(ProviderContext context) {
        context.config().requireOnly(DatabaseSettings.KEYS);
        return new InMemoryTenantDataStore();
    }

    @Override
    public String description() {
        return "in-memory tenant data store: nothing survives a restart";
    }
}
