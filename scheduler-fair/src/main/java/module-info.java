/**
 * Schedulers that share the platform's workers out across tenants: {@code fair} (weighted deficit round
 * robin), {@code priority-aging} (the {@code priority * waitTime} policy, kept for comparison) and
 * {@code fifo} (the baseline). All three respect each tenant's concurrency cap, bounded queues, queue
 * timeouts and the rule that no tenant holds more than a configurable share of the workers while others wait.
 */
module dev.tenantry.scheduler.fair {
    requires dev.tenantry.spi;

    exports dev.tenantry.scheduler.fair;

    provides dev.tenantry.spi.scheduling.SchedulerProvider with
            dev.tenantry.scheduler.fair.FairSchedulerProvider,
            dev.tenantry.scheduler.fair.PriorityAgingSchedulerProvider,
            dev.tenantry.scheduler.fair.FifoSchedulerProvider;
}
