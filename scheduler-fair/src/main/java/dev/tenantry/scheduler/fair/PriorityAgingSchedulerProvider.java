package dev.tenantry.scheduler.fair;

import dev.tenantry.spi.ProviderContext;
import dev.tenantry.spi.scheduling.Scheduler;
import dev.tenantry.spi.scheduling.SchedulerProvider;

/**
 * The scheduler named {@code priority-aging}: The seed's priority * waitTime policy, O(n log n) per decision; for comparison. Configuration keys are those of {@link SchedulerSettings};
 * the workers shared out are {@link ProviderContext.PlatformInfo#workerSlots()}.
 *
 * <p>A stateless singleton; every {@link #create} returns an independent scheduler.
 */
public final class PriorityAgingSchedulerProvider implements SchedulerProvider {
    /** The name to select this scheduler with in configuration. */
    public static final String NAME = "priority-aging";

    /** Creates the provider; called by {@link java.util.ServiceLoader}. */
    public PriorityAgingSchedulerProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "The seed's priority * waitTime policy, O(n log n) per decision; for comparison";
    }

    @Override
    public Scheduler create(ProviderContext context) {
        return new PriorityAgingScheduler(SchedulerSettings.from(context.config()), context.platform().workerSlots());
    }
}
