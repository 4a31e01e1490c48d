package dev.tenantry.core.memory;

import dev.tenantry.spi.tenant.TenantStore;
import dev.tenantry.testkit.tenant.TenantStoreContract;

/** The in-memory tenant store passes the tenant store contract. */
class InMemoryTenantStoreTest extends TenantStoreContract {
    @Override
    protected TenantStore createStore() {
        return new InMemoryTenantStore();
    }
}
