package dev.tenantry.scheduler.fair;

import dev.tenantry.spi.scheduling.SchedulerProvider;
import dev.tenantry.testkit.scheduling.SchedulerContract;

class PriorityAgingSchedulerContractTest extends SchedulerContract {
    @Override
    protected SchedulerProvider provider() {
        return new PriorityAgingSchedulerProvider();
    }
}
