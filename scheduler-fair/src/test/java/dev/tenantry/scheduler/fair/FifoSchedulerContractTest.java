package dev.tenantry.scheduler.fair;

import dev.tenantry.spi.scheduling.SchedulerProvider;
import dev.tenantry.testkit.scheduling.SchedulerContract;

class FifoSchedulerContractTest extends SchedulerContract {
    @Override
    protected SchedulerProvider provider() {
        return new FifoSchedulerProvider();
    }
}
