package dev.tenantry.core.memory;

import dev.tenantry.spi.metering.UsageStore;
import dev.tenantry.testkit.metering.UsageStoreContract;

/** The in-memory usage store passes the usage store contract. */
class InMemoryUsageStoreTest extends UsageStoreContract {
    @Override
    protected UsageStore createStore() {
        return new InMemoryUsageStore();
    }
}
