package dev.tenantry.examples.scheduler.strict;

import dev.tenantry.spi.scheduling.SchedulerProvider;
import dev.tenantry.testkit.scheduling.SchedulerContract;

class StrictPrioritySchedulerContractTest extends SchedulerContract {
    @Override
    protected SchedulerProvider provider() {
        return new StrictPrioritySchedulerProvider();
    }
}
