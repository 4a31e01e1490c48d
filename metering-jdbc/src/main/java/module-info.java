/**
 * Usage, tenant, key-value and quota-counter stores on JDBC through jOOQ: H2 as the embedded default,
 * MySQL and MariaDB for deployments that share one database between nodes. Every provider is named
 * {@code jdbc}; they share one HikariCP pool per URL and a schema migrated by Flyway.
 */
module dev.tenantry.metering.jdbc {
    requires transitive dev.tenantry.spi;
    requires transitive org.jooq;
    requires java.sql;
    requires com.zaxxer.hikari;
    requires flyway.core;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;
    // Drivers and Flyway's MySQL support are found through ServiceLoader; required so they are resolved.
    requires flyway.mysql;
    requires com.h2database;
    requires mysql.connector.j;

    exports dev.tenantry.metering.jdbc;

    // jOOQ instantiates the generated record classes reflectively.
    opens dev.tenantry.metering.jdbc.schema.tables.records to org.jooq;

    provides dev.tenantry.spi.metering.MeteringProvider with dev.tenantry.metering.jdbc.JdbcMeteringProvider;
    provides dev.tenantry.spi.tenant.TenantStoreProvider with dev.tenantry.metering.jdbc.JdbcTenantStoreProvider;
    provides dev.tenantry.spi.tenant.TenantDataStoreProvider with dev.tenantry.metering.jdbc.JdbcTenantDataStoreProvider;
    provides dev.tenantry.spi.quota.QuotaStateStoreProvider with dev.tenantry.metering.jdbc.JdbcQuotaStateStoreProvider;
}
