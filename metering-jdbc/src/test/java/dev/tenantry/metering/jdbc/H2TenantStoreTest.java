package dev.tenantry.metering.jdbc;

import dev.tenantry.spi.tenant.TenantStore;
import dev.tenantry.testkit.tenant.TenantStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** The {@link TenantStore} contract on embedded H2. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class H2TenantStoreTest extends TenantStoreContract {
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
    protected TenantStore createStore() {
        database.clear();
        return new JdbcTenantStoreProvider().create(database.context());
    }
}
