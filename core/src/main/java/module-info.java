/**
 * The Tenantry core: configuration, plugin discovery and Guice wiring, the tenant registry and tiers, the
 * execution pipeline with its worker pool, admission (quota policy {@code standard} with the in-memory
 * quota state store {@code memory}), platform events, and in-memory stores. Plugins are found with
 * {@link java.util.ServiceLoader} only; core knows none by name except its own {@code memory} stores.
 */
module dev.tenantry.core {
    requires transitive dev.tenantry.spi;
    requires com.google.guice;
    // Guice's own signatures use jakarta.inject, an explicit module that nothing else would resolve.
    requires jakarta.inject;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires org.slf4j;
    // admission: token buckets for rate limits with burst
    requires io.github.bucket4j.core;

    exports dev.tenantry.core;
    exports dev.tenantry.core.config;
    exports dev.tenantry.core.tenants;
    exports dev.tenantry.core.events;
    exports dev.tenantry.core.plugins;
    exports dev.tenantry.core.memory;
    exports dev.tenantry.core.admission;
    exports dev.tenantry.core.transfer;

    // Guice calls the wiring module's @Provides methods and the platform's constructor reflectively. The
    // other packages are built by those methods, so Guice needs no access to them.
    opens dev.tenantry.core to com.google.guice;

    uses dev.tenantry.spi.isolation.IsolationProvider;
    uses dev.tenantry.spi.scheduling.SchedulerProvider;
    uses dev.tenantry.spi.quota.QuotaProvider;
    uses dev.tenantry.spi.quota.QuotaStateStoreProvider;
    uses dev.tenantry.spi.metering.MeteringProvider;
    uses dev.tenantry.spi.billing.BillingProvider;
    uses dev.tenantry.spi.billing.BillingRuleProvider;
    uses dev.tenantry.spi.tenant.TenantStoreProvider;
    uses dev.tenantry.spi.tenant.TenantDataStoreProvider;
    uses dev.tenantry.spi.event.EventListenerProvider;

    provides dev.tenantry.spi.tenant.TenantStoreProvider with dev.tenantry.core.memory.InMemoryTenantStoreProvider;
    provides dev.tenantry.spi.tenant.TenantDataStoreProvider with dev.tenantry.core.memory.InMemoryTenantDataStoreProvider;
    provides dev.tenantry.spi.metering.MeteringProvider with dev.tenantry.core.memory.InMemoryUsageStoreProvider;
    provides dev.tenantry.spi.quota.QuotaProvider with dev.tenantry.core.admission.StandardQuotaProvider;
    provides dev.tenantry.spi.quota.QuotaStateStoreProvider
            with dev.tenantry.core.admission.MemoryQuotaStateStoreProvider;
}
