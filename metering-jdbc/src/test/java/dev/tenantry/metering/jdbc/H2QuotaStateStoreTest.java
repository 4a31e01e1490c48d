package dev.tenantry.metering.jdbc;

import dev.tenantry.spi.quota.QuotaStateStore;
import dev.tenantry.testkit.quota.QuotaStateStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** The {@link QuotaStateStore} contract on embedded H2. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class H2QuotaStateStoreTest extends QuotaStateStoreContract {
    private TestDatabase database;

    @BeforeAll
    void openDatabase() {
        database = TestDatabase.h2();
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
