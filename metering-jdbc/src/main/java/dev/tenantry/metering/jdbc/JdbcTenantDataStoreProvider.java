package dev.tenantry.metering.jdbc;

import dev.tenantry.spi.ProviderContext;
import dev.tenantry.spi.tenant.TenantDataStoreProvider;
import dev.tenantry.spi.tenant.TenantDataStore;

/**
 * The {@code jdbc} TenantDataStore: per-tenant key-value data with atomic storage limits, on H2 (embedded default), MySQL or MariaDB. Reads the
 * merged database and metering keys of {@link JdbcSettings}; shares one pool per URL with the module's other
 * stores. Stateless and thread-safe.
 */
public final class JdbcTenantDataStoreProvider implements TenantDataStoreProvider {
    /** Creates the provider; found through {@link java.util.ServiceLoader}. */
    public JdbcTenantDataStoreProvider() {
    }

    @Override
    public String name() {
        return "jdbc";
    }

    @Override
    public String description() {
        return "JDBC per-tenant key-value data with atomic storage limits";
    }

    @Override
    public TenantDataStore create(ProviderContext context) {
        JdbcSettings settings = JdbcSettings.bind(context);
        return new JdbcTenantDataStore(SharedDatabase.of(context, settings));
    }
}
