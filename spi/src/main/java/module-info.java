/**
 * The service-provider interface of Tenantry: the extension points (isolation, quotas and their
 * state store, scheduling, metering, billing, tenant store, tenant data store, event listeners)
 * and the immutable values that cross them. Depends on the JDK only.
 *
 * <p>Every extension point is a {@link dev.tenantry.spi.Provider} found with
 * {@link java.util.ServiceLoader}, selected by its stable {@code name()} from configuration,
 * and asked to {@code create} the service it provides from a {@link dev.tenantry.spi.ProviderContext}.
 */
module dev.tenantry.spi {
    exports dev.tenantry.spi;
    exports dev.tenantry.spi.tenant;
    exports dev.tenantry.spi.execution;
    exports dev.tenantry.spi.isolation;
    exports dev.tenantry.spi.quota;
    exports dev.tenantry.spi.scheduling;
    exports dev.tenantry.spi.metering;
    exports dev.tenantry.spi.billing;
    exports dev.tenantry.spi.event;
}
