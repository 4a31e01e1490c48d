package dev.tenantry.core.admission;

import dev.tenantry.spi.quota.QuotaStateStore;
import dev.tenantry.testkit.quota.QuotaStateStoreContract;

class MemoryQuotaStateStoreContractTest extends QuotaStateStoreContract {
    @Override
    protected QuotaStateStore createStore() {
        return new MemoryQuotaStateStore();
    }
}
