package dev.tenantry.spi.quota;

import dev.tenantry.spi.Provider;

/** Creates {@link QuotaStateStore}s; selected with {@code quotas.state-store} in configuration. */
public interface QuotaStateStoreProvider extends Provider<QuotaStateStore> {
}
