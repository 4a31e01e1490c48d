package dev.tenantry.metering.jdbc;

import dev.tenantry.spi.ProviderContext;
import dev.tenantry.spi.tenant.TenantStoreProvider;
import dev.tenantry.spi.tenant.TenantStore;

/**
 * The {@code jdbc} TenantStore: tenant configurations, API key hashes and tier history, on H2 (embedded default), MySQL or MariaDB. Reads the
 * merged database and metering keys of {@link JdbcSettings}; shares one pool per URL with the module's other
 * stores. Stateless and thread-safe.
 */
public final class JdbcTenantStoreProvider implements TenantStoreProvider {
    /** Creates the provider; found through {@link java.util.ServiceLoader}. */
    public JdbcTenantStoreProvider() {
    }

    @Override
    public String name() {
        return "jdbc";
    }

    @Override
    public String description() {
        return "JDBC tenant configurations, API key hashes and tier history";
    }

    @Override
    public TenantStore create(ProviderContext context) {
        JdbcSettings settings = JdbcSettings.bind(context);
        return new JdbcTenantStore(SharedDatabase.of(context, settings));
    }
}
