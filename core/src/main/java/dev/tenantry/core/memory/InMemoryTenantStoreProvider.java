package dev.tenantry.core.memory;

import dev.tenantry.core.config.DatabaseSettings;
import dev.tenantry.spi.ProviderContext;
import dev.tenantry.spi.tenant.TenantStoreProvider;
import dev.tenantry.spi.tenant.TenantStore;

/**
 * Creates {@link InMemoryTenantStore}s; selected with {@code tenants.store: memory}. Accepts the {@code database}
 * keys every data-keeping provider receives and ignores them; rejects any other key.
 */
public final class InMemoryTenantStoreProvider implements TenantStoreProvider {
    @Override
    public String name() {
        return "memory";
    }

    @Override
    public TenantStore create(ProviderContext context) {
        context.config().requireOnly(DatabaseSettings.KEYS);
        return new InMemoryTenantStore();
    }

    @Override
    public String description() {
        return "in-memory tenant store: nothing survives a restart";
    }
}
