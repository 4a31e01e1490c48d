package dev.tenantry.metering.jdbc;

import dev.tenantry.spi.ProviderContext;
import dev.tenantry.spi.metering.MeteringProvider;
import dev.tenantry.spi.metering.UsageStore;

/**
 * The {@code jdbc} UsageStore: durable usage with group commit, hourly and daily rollups, on H2 (embedded default), MySQL or MariaDB. Reads the
 * merged database and metering keys of {@link JdbcSettings}; shares one pool per URL with the module's other
 * stores. Stateless and thread-safe.
 */
public final class JdbcMeteringProvider implements MeteringProvider {
    /** Creates the provider; found through {@link java.util.ServiceLoader}. */
    public JdbcMeteringProvider() {
    }

    @Override
    public String name() {
        return "jdbc";
    }

    @Override
    public String description() {
        return "JDBC durable usage with group commit, hourly and daily rollups";
    }

    @Override
    public UsageStore create(ProviderContext context) {
        JdbcSettings settings = JdbcSettings.bind(context);
        return new JdbcUsageStore(SharedDatabase.of(context, settings), context.clock(), settings);
    }
}
