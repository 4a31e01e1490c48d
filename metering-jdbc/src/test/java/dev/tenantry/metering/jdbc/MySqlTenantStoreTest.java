package dev.tenantry.metering.jdbc;

import dev.tenantry.spi.tenant.TenantStore;
import dev.tenantry.testkit.tenant.TenantStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** The {@link TenantStore} contract on the MySQL/MariaDB server of {@code TENANTRY_TEST_MYSQL_URL}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MySqlTenantStoreTest extends TenantStoreContract {
    private TestDatabase database;

    @BeforeAll
    void openDatabase() {
        database = TestDatabase.mysql();
    }

    @AfterAll
    void closeDatabase() throws Exception {
        if (database != null) {
            database.close();
        }
    }

    @Override
    protected TenantStore createStore() {
        database.clear();
        return new JdbcTenantStoreProvider().create(database.context());
    }
}
