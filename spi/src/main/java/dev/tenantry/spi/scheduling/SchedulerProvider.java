package dev.tenantry.spi.scheduling;

import dev.tenantry.spi.Provider;

/**
 * Creates {@link Scheduler}s; selected with {@code scheduler.provider} in configuration (for example
 * {@code fair}). The number of workers the scheduler shares out is
 * {@link dev.tenantry.spi.ProviderContext.PlatformInfo#workerSlots()}.
 */
public interface SchedulerProvider extends Provider<Scheduler> {
}
