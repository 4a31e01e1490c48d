package dev.tenantry.metering.jdbc;

import dev.tenantry.spi.ProviderContext;

/** Finds the one pool a platform keeps per database URL, opening and migrating it on first use. */
final class SharedDatabase {
    private SharedDatabase() {
    }

    static JdbcDatabase of(ProviderContext context, JdbcSettings settings) {
        return context.shared(settings.poolKey(), JdbcDatabase.class, () -> JdbcDatabase.open(settings));
    }
}
