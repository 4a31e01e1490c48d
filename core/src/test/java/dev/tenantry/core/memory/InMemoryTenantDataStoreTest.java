package dev.tenantry.core.memory;

import dev.tenantry.spi.tenant.TenantDataStore;
import dev.tenantry.testkit.tenant.TenantDataStoreContract;

/** The in-memory data store passes the tenant data store contract. */
class InMemoryTenantDataStoreTest extends TenantDataStoreContract {
    @Override
    protected TenantDataStore createStore() {
        return new InMemoryTenantDataStore();
    }
}
