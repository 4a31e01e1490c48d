package dev.tenantry.spi.metering;

import dev.tenantry.spi.Provider;

/** Creates {@link UsageStore}s; selected with {@code metering.provider} in configuration (for example {@code jdbc}). */
public interface MeteringProvider extends Provider<UsageStore> {
}
