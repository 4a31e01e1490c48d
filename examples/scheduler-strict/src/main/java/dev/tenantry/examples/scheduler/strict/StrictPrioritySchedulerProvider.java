package dev.tenantry.examples.scheduler.strict;

import dev.tenantry.spi.ProviderContext;
import dev.tenantry.spi.scheduling.Scheduler;
import dev.tenantry.spi.scheduling.SchedulerProvider;

/**
 * Creates {@link StrictPriorityScheduler}s; selected with {@code scheduler.provider: strict-priority}. Keys of the
 * {@code scheduler} section are those of {@link StrictPrioritySettings}. Stateless and thread-safe.
 */
public final class StrictPrioritySchedulerProvider implements SchedulerProvider {

    /** The name used in configuration. */
    public static final String NAME = "strict-priority";

    /** Creates the provider; called by {@link java.util.ServiceLoader}. */
    public StrictPrioritySchedulerProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "strict priority: higher priorities always first, a task waiting past promote-after goes first";
    }

    @Override
    public Scheduler create(ProviderContext context) {
        return new StrictPriorityScheduler(StrictPrioritySettings.bind(context.config()),
                context.platform().workerSlots());
    }
}
