package dev.tenantry.metering.jdbc;

import dev.tenantry.spi.metering.UsageStore;
import dev.tenantry.testkit.metering.UsageStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** The {@link UsageStore} contract on the MySQL/MariaDB server of {@code TENANTRY_TEST_MYSQL_URL}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MySqlUsageStoreTest extends UsageStoreContract {
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
    protected UsageStore createStore() {
        database.clear();
        return new JdbcMeteringProvider().create(database.context());
    }
}
