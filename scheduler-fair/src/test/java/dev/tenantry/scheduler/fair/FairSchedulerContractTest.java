package dev.tenantry.scheduler.fair;

import dev.tenantry.spi.scheduling.SchedulerProvider;
import dev.tenantry.testkit.scheduling.SchedulerContract;

class FairSchedulerContractTest extends SchedulerContract {
    @Override
    protected SchedulerProvider provider() {
        return new FairSchedulerProvider();
    }
}
