package dev.tenantry.core.admission;

import dev.tenantry.spi.quota.QuotaStateStore;
import dev.tenantry.testkit.quota.QuotaStateStoreContract;

import java.time.Duration;

class WriteBehindCountersContractTest extends QuotaStateStoreContract {
    @Override
    protected QuotaStateStore createStore() {
        return new WriteBehindCounters(new MemoryQuotaStateStore(), Duration.ofMillis(5));
    }
}
