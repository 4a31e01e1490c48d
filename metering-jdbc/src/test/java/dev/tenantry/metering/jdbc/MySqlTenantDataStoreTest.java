package dev.tenantry.metering.jdbc;

import dev.tenantry.spi.tenant.TenantDataStore;
import dev.tenantry.testkit.tenant.TenantDataStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** The {@link TenantDataStore} contract on the MySQL/MariaDB server of {@code TENANTRY_TEST_MYSQL_URL}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MySqlTenantDataStoreTest extends TenantDataStoreContract {
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
    protected TenantDataStore createStore() {
        database.clear();
        return new JdbcTenantDataStoreProvider().create(database.context());
    }
}
