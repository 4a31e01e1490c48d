package dev.tenantry.spi.tenant;

import dev.tenantry.spi.Provider;

/** Creates {@link TenantDataStore}s; selected with {@code data.store} in configuration. */
public interface TenantDataStoreProvider extends Provider<TenantDataStore> {
}
