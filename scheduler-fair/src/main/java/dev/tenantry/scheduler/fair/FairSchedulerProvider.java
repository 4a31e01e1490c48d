package dev.tenantry.scheduler.fair;

import dev.tenantry.spi.ProviderContext;
import dev.tenantry.spi.scheduling.Scheduler;
import dev.tenantry.spi.scheduling.SchedulerProvider;

/**
 * The scheduler named {@code fair}: Weighted fair queuing across tenants (deficit round robin), O(1) per decision. Configuration keys are those of {@link SchedulerSettings};
 * the workers shared out are {@link ProviderContext.PlatformInfo#workerSlots()}.
 *
 * <p>A stateless singleton; every {@link #create} returns an independent scheduler.
 */
public final class FairSchedulerProvider implements SchedulerProvider {
    /** The name to select this scheduler with in configuration. */
    public static final String NAME = "fair";

    /** Creates the provider; called by {@link java.util.ServiceLoader}. */
    public FairSchedulerProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Weighted fair queuing across tenants (deficit round robin), O(1) per decision";
    }

    @Override
    public Scheduler create(ProviderContext context) {
        return new FairScheduler(SchedulerSettings.from(context.config()), context.platform().workerSlots());
    }
}
