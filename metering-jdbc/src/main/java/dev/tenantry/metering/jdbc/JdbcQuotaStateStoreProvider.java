package dev.tenantry.metering.jdbc;

import dev.tenantry.spi.ProviderContext;
import dev.tenantry.spi.quota.QuotaStateStoreProvider;
import dev.tenantry.spi.quota.QuotaStateStore;

/**
 * The {@code jdbc} QuotaStateStore: daily and monthly quota counters shared by every node, on H2 (embedded default), MySQL or MariaDB. Reads the
 * merged database and metering keys of {@link JdbcSettings}; shares one pool per URL with the module's other
 * stores. Stateless and thread-safe.
 */
public final class JdbcQuotaStateStoreProvider implements QuotaStateStoreProvider {
    /** Creates the provider; found through {@link java.util.ServiceLoader}. */
    public JdbcQuotaStateStoreProvider() {
    }

    @Override
    public String name() {
        return "jdbc";
    }

    @Override
    public String description() {
        return "JDBC daily and monthly quota counters shared by every node";
    }

    @Override
    public QuotaStateStore create(ProviderContext context) {
        JdbcSettings settings = JdbcSettings.bind(context);
        return new JdbcQuotaStateStore(SharedDatabase.of(context, settings));
    }
}
