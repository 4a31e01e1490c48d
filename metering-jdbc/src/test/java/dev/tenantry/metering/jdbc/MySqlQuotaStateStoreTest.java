package dev.tenantry.metering.jdbc;

import dev.tenantry.spi.quota.QuotaStateStore;
import dev.tenantry.testkit.quota.QuotaStateStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** The {@link QuotaStateStore} contract on the MySQL/MariaDB server of {@code TENANTRY_TEST_MYSQL_URL}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MySqlQuotaStateStoreTest extends QuotaStateStoreContract {
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
    protected QuotaStateStore createStore() {
        database.clear();
        return new JdbcQuotaStateStoreProvider().create(database.context());
    }
}
