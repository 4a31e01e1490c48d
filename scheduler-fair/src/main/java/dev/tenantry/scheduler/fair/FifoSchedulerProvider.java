package dev.tenantry.scheduler.fair;

import dev.tenantry.spi.ProviderContext;
import dev.tenantry.spi.scheduling.Scheduler;
import dev.tenantry.spi.scheduling.SchedulerProvider;

/**
 * The scheduler named {@code fifo}: First offered, first run; the baseline. Configuration keys are those of {@link SchedulerSettings};
 * the workers shared out are {@link ProviderContext.PlatformInfo#workerSlots()}.
 *
 * <p>A stateless singleton; every {@link #create} returns an independent scheduler.
 */
public final class FifoSchedulerProvider implements SchedulerProvider {
    /** The name to select this scheduler with in configuration. */
    public static final String NAME = "fifo";

    /** Creates the provider; called by {@link java.util.ServiceLoader}. */
    public FifoSchedulerProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "First offered, first run; the baseline";
    }

    @Override
    public Scheduler create(ProviderContext context) {
        return new FifoScheduler(SchedulerSettings.from(context.config()), context.platform().workerSlots());
    }
}
