package dev.tenantry.core;

import dev.tenantry.core.config.NamedPlugin;
import dev.tenantry.core.config.TenantryConfig;
import dev.tenantry.core.plugins.DiscoveredProvider;
import dev.tenantry.core.plugins.ExtensionPoint;
import dev.tenantry.core.plugins.PluginCatalog;
import dev.tenantry.spi.ConfigurationException;
import dev.tenantry.spi.ConfigurationException.Problem;
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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The provider chosen for each extension point from configuration. Built in one pass that collects every
 * selection problem, so an operator sees all wrong names at once.
 */
record Selection(DiscoveredProvider<IsolationProvider> isolation, DiscoveredProvider<SchedulerProvider> scheduler,
                 DiscoveredProvider<QuotaProvider> quotas, DiscoveredProvider<QuotaStateStoreProvider> quotaState,
                 DiscoveredProvider<MeteringProvider> metering, DiscoveredProvider<TenantStoreProvider> tenantStore,
                 DiscoveredProvider<TenantDataStoreProvider> dataStore,
                 Optional<DiscoveredProvider<BillingProvider>> billing,
                 List<Named<BillingRuleProvider>> rules, List<Named<EventListenerProvider>> listeners) {

    /** A provider named in a list, with the configuration it was given. */
    record Named<P extends Provider<?>>(DiscoveredProvider<P> provider, NamedPlugin config) {
    }

    static Selection from(PluginCatalog catalog, TenantryConfig config) {
        List<Problem> problems = new ArrayList<>();
        var isolation = attempt(problems, () -> catalog.select(ExtensionPoint.ISOLATION, config.isolation().provider(),
                "isolation.provider"));
        var scheduler = attempt(problems, () -> catalog.select(ExtensionPoint.SCHEDULER, config.scheduler().provider(),
                "scheduler.provider"));
        var quotas = attempt(problems, () -> catalog.select(ExtensionPoint.QUOTAS, config.quotas().provider(),
                "quotas.provider"));
        var quotaState = attempt(problems, () -> catalog.select(ExtensionPoint.QUOTA_STATE,
                config.quotas().stateStore(), "quotas.state-store"));
        var metering = attempt(problems, () -> catalog.select(ExtensionPoint.METERING, config.metering().provider(),
                "metering.provider"));
        var tenantStore = attempt(problems, () -> catalog.select(ExtensionPoint.TENANT_STORE, config.tenants().provider(),
                "tenants.store"));
        var dataStore = attempt(problems, () -> catalog.select(ExtensionPoint.DATA_STORE, config.data().provider(),
                "data.store"));
        var billing = attempt(problems, () -> catalog.selectIfAny(ExtensionPoint.BILLING, config.billing().provider(),
                "billing.provider"));
        List<Named<BillingRuleProvider>> rules = new ArrayList<>();
        for (NamedPlugin rule : config.billing().rules()) {
            var p = attempt(problems, () -> catalog.select(ExtensionPoint.BILLING_RULE, Optional.of(rule.name()),
                    rule.path()));
            if (p != null) {
                rules.add(new Named<>(p, rule));
            }
        }
        List<Named<EventListenerProvider>> listeners = new ArrayList<>();
        for (NamedPlugin listener : config.events().listeners()) {
            var p = attempt(problems, () -> catalog.select(ExtensionPoint.EVENT_LISTENER, Optional.of(listener.name()),
                    listener.path()));
            if (p != null) {
                listeners.add(new Named<>(p, listener));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new Selection(isolation, scheduler, quotas, quotaState, metering, tenantStore, dataStore, billing,
                rules, listeners);
    }

    /** {@return the selected provider of each extension point, for logs and tools} */
    Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("isolation", isolation.describe());
        out.put("scheduler", scheduler.describe());
        out.put("quotas", quotas.describe());
        out.put("quota state store", quotaState.describe());
        out.put("metering", metering.describe());
        out.put("tenant store", tenantStore.describe());
        out.put("data store", dataStore.describe());
        billing.ifPresent(p -> out.put("billing", p.describe()));
        rules.forEach(r -> out.put("billing rule " + r.config().name(), r.provider().describe()));
        listeners.forEach(l -> out.put("event listener " + l.config().name(), l.provider().describe()));
        return out;
    }

    private static <T> T attempt(List<Problem> problems, Supplier<T> select) {
        try {
            return select.get();
        } catch (ConfigurationException e) {
            problems.addAll(e.problems());
            return null;
        }
    }
}
