package dev.tenantry.core.plugins;

import dev.tenantry.spi.Provider;
import dev.tenantry.spi.billing.BillingProvider;
import dev.tenantry.spi.billing.BillingRuleProvider;
import dev.tenantry.spi.event.EventListenerProvider;
import dev.tenantry.spi.isolation.IsolationProvider;
import dev.tenantry.spi.metering.MeteringProvider;
import dev.tenantry.spi.quota.QuotaProvider;
import dev.tenantry.spi.quota.QuotaStateStoreProvider;
import dev.tenantry.spi.scheduling.SchedulerProvider;
import dev.tenantry.spi.tenant.TenantDataStoreProvider;
import dev.tenantry.spi.tenant.TenantStoreProvider;

import java.util.List;
import java.util.Objects;

/**
 * One extension point of the SPI: its provider interface, the word used for it in logs and errors, and the
 * configuration key that selects among its providers.
 *
 * @param kind the word for it, such as {@code scheduler}
 * @param type the provider interface
 * @param selector the configuration path that selects a provider, such as {@code scheduler.provider}
 * @param <P> the provider interface
 */
public record ExtensionPoint<P extends Provider<?>>(String kind, Class<P> type, String selector) {
    /** Sandboxes. */
    public static final ExtensionPoint<IsolationProvider> ISOLATION =
            new ExtensionPoint<>("isolation", IsolationProvider.class, "isolation.provider");
    /** Schedulers. */
    public static final ExtensionPoint<SchedulerProvider> SCHEDULER =
            new ExtensionPoint<>("scheduler", SchedulerProvider.class, "scheduler.provider");
    /** Quota policies. */
    public static final ExtensionPoint<QuotaProvider> QUOTAS =
            new ExtensionPoint<>("quota policy", QuotaProvider.class, "quotas.provider");
    /** Quota state stores. */
    public static final ExtensionPoint<QuotaStateStoreProvider> QUOTA_STATE =
            new ExtensionPoint<>("quota state store", QuotaStateStoreProvider.class, "quotas.state-store");
    /** Usage stores. */
    public static final ExtensionPoint<MeteringProvider> METERING =
            new ExtensionPoint<>("metering", MeteringProvider.class, "metering.provider");
    /** Billing engines. */
    public static final ExtensionPoint<BillingProvider> BILLING =
            new ExtensionPoint<>("billing", BillingProvider.class, "billing.provider");
    /** Custom billing rules. */
    public static final ExtensionPoint<BillingRuleProvider> BILLING_RULE =
            new ExtensionPoint<>("billing rule", BillingRuleProvider.class, "billing.rules");
    /** Tenant stores. */
    public static final ExtensionPoint<TenantStoreProvider> TENANT_STORE =
            new ExtensionPoint<>("tenant store", TenantStoreProvider.class, "tenants.store");
    /** Tenant data stores. */
    public static final ExtensionPoint<TenantDataStoreProvider> DATA_STORE =
            new ExtensionPoint<>("data store", TenantDataStoreProvider.class, "data.store");
    /** Event listeners. */
    public static final ExtensionPoint<EventListenerProvider> EVENT_LISTENER =
            new ExtensionPoint<>("event listener", EventListenerProvider.class, "events.listeners");

    /** Every extension point, in the order they are loaded and logged. */
    public static final List<ExtensionPoint<?>> ALL = List.of(ISOLATION, SCHEDULER, QUOTAS, QUOTA_STATE, METERING,
            BILLING, BILLING_RULE, TENANT_STORE, DATA_STORE, EVENT_LISTENER);

    /** Validates that nothing is null. */
    public ExtensionPoint {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(selector, "selector");
    }
}
