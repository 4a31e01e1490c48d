/**
 * An example scheduler plugin, {@code strict-priority}: a queued task of a higher priority always starts before
 * one of a lower priority, unless the lower one has waited longer than {@code promote-after}. Depends on the
 * SPI only.
 */
module dev.tenantry.examples.scheduler.strict {
    requires dev.tenantry.spi;

    exports dev.tenantry.examples.scheduler.strict;

    provides dev.tenantry.spi.scheduling.SchedulerProvider with
            dev.tenantry.examples.scheduler.strict.StrictPrioritySchedulerProvider;
}
