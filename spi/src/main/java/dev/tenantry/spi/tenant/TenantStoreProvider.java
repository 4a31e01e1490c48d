package dev.tenantry.spi.tenant;

import dev.tenantry.spi.Provider;

/** Creates {@link TenantStore}s; selected with {@code tenants.store} in configuration. */
public interface TenantStoreProvider extends Provider<TenantStore> {
}
