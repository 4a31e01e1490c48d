package dev.tenantry.metering.jdbc;

import dev.tenantry.spi.tenant.TenantDataStore;
import dev.tenantry.testkit.tenant.TenantDataStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** The {@link TenantDataStore} contract on embedded H2. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class H2TenantDataStoreTest extends TenantDataStoreContract {
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
    protected TenantDataStore createStore() {
        database.clear();
        return new JdbcTenantDataStoreProvider().create(database.context());
    }
}
