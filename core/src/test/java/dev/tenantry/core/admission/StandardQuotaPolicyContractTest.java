package dev.tenantry.core.admission;

import dev.tenantry.spi.quota.QuotaProvider;
import dev.tenantry.spi.quota.QuotaStateStore;
import dev.tenantry.testkit.quota.QuotaPolicyContract;

class StandardQuotaPolicyContractTest extends QuotaPolicyContract {
    @Override
    protected QuotaProvider provider() {
        return new StandardQuotaProvider();
    }

    @Override
    protected QuotaStateStore newStateStore() {
        return new MemoryQuotaStateStore();
    }
}
