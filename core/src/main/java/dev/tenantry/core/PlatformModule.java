package dev.tenantry.core;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.tenantry.core.admission.DynamicLimitPolicy;
import dev.tenantry.core.admission.DynamicLimitSettings;
import dev.tenantry.core.admission.StorageThresholds;
import dev.tenantry.core.tenants.TenantData;
import dev.tenantry.core.transfer.TenantTransfer;
import dev.tenantry.core.config.DatabaseSettings;
import dev.tenantry.core.config.PlatformSettings;
import dev.tenantry.core.config.TenantryConfig;
import dev.tenantry.core.events.EventBus;
import dev.tenantry.core.pipeline.ExecutionPipeline;
import dev.tenantry.core.pipeline.TaskWeights;
import dev.tenantry.core.plugins.DiscoveredProvider;
import dev.tenantry.core.plugins.PlatformProviderContext;
import dev.tenantry.core.plugins.SharedResources;
import dev.tenantry.core.tenants.TenantRegistry;
import dev.tenantry.core.tenants.TierDefaults;
import dev.tenantry.spi.PluginConfig;
import dev.tenantry.spi.Provider;
import dev.tenantry.spi.ProviderContext;
import dev.tenantry.spi.billing.BillingEngine;
import dev.tenantry.spi.billing.BillingProvider;
import dev.tenantry.spi.billing.BillingRule;
import dev.tenantry.spi.billing.BillingRules;
import dev.tenantry.spi.event.EventSink;
import dev.tenantry.spi.isolation.Sandbox;
import dev.tenantry.spi.metering.UsageStore;
import dev.tenantry.spi.quota.QuotaPolicy;
import dev.tenantry.spi.quota.QuotaProvider;
import dev.tenantry.spi.quota.QuotaStateStore;
import dev.tenantry.spi.scheduling.Scheduler;
import dev.tenantry.spi.tenant.TenantDataStore;
import dev.tenantry.spi.tenant.TenantStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Wires one platform: each service is created by its selected provider with a {@link ProviderContext}
 * carrying its configuration section, and the pipeline, registry and platform are built from them. Every
 * created service is recorded so the platform closes it; a provider that needs another's service gets it
 * through {@link ProviderContext#shared} (the quota state store, the billing rules).
 */
final class PlatformModule extends AbstractModule {
    private static final Logger LOG = LoggerFactory.getLogger(PlatformModule.class);

    private final TenantryConfig config;
    private final Clock clock;
    private final Selection selection;
    private final EventBus events;
    private final SharedResources shared;
    private final CreatedServices services;

    PlatformModule(TenantryConfig config, Clock clock, Selection selection, EventBus events, SharedResources shared,
                   CreatedServices services) {
        this.config = config;
        this.clock = clock;
        this.selection = selection;
        this.events = events;
        this.shared = shared;
        this.services = services;
    }

    @Override
    protected void configure() {
        bind(TenantryConfig.class).toInstance(config);
        bind(PlatformSettings.class).toInstance(config.platform());
        bind(Clock.class).toInstance(clock);
        bind(EventBus.class).toInstance(events);
        bind(EventSink.class).toInstance(events);
        bind(Selection.class).toInstance(selection);
        bind(SharedResources.class).toInstance(shared);
        bind(CreatedServices.class).toInstance(services);
        bind(TierDefaults.class).toInstance(TierDefaults.withOverrides(config.tiers()));
        bind(DynamicLimitSettings.class).toInstance(config.dynamicLimits());
        bind(DefaultPlatform.class).in(Singleton.class);
    }

    @Provides
    @Singleton
    TenantRegistry tenantRegistry(TenantStore store, TenantDataStore data, TierDefaults tiers) {
        return new TenantRegistry(store, data, tiers, clock, events);
    }

    @Provides
    @Singleton
    DynamicLimitPolicy dynamicLimits(TenantStore store, TenantDataStore data) {
        return new DynamicLimitPolicy(store, data, events, clock, config.dynamicLimits().rules());
    }

    @Provides
    @Singleton
    ExecutionPipeline pipeline(TenantStore tenants, TenantDataStore data, QuotaPolicy quotas, Scheduler scheduler,
                               Sandbox sandbox, UsageStore usage, StorageThresholds thresholds) {
        return new ExecutionPipeline(tenants, data, quotas, scheduler, sandbox, usage, thresholds, events, clock,
                config.platform(), TaskWeights.from(config.scheduler().settings()));
    }

    @Provides
    @Singleton
    StorageThresholds storageThresholds(QuotaPolicy quotas) {
        // The quota policy was created first (it is a parameter), so the configured state store is bound by now.
        QuotaStateStore marks = shared.get(QuotaProvider.STATE_STORE_KEY, QuotaStateStore.class,
                () -> {
                    throw new IllegalStateException("the quota state store is bound before the thresholds are built");
                });
        return new StorageThresholds(marks, events, clock);
    }

    @Provides
    @Singleton
    TenantData tenantData(TenantStore tenants, TenantDataStore data, StorageThresholds thresholds) {
        return new TenantData(tenants, data, thresholds);
    }

    @Provides
    @Singleton
    TenantTransfer tenantTransfer(TenantStore tenants, TenantDataStore data, UsageStore usage) {
        return new TenantTransfer(tenants, data, usage, clock);
    }

    @Provides
    @Singleton
    TenantStore tenantStore() {
        return create(selection.tenantStore(), dataKeeping("tenants", config.tenants().settings()),
                config.platform().workers());
    }

    @Provides
    @Singleton
    TenantDataStore dataStore() {
        return create(selection.dataStore(), dataKeeping("data", config.data().settings()), config.platform().workers());
    }

    @Provides
    @Singleton
    UsageStore usageStore() {
        return create(selection.metering(), dataKeeping("metering", config.metering().settings()),
                config.platform().workers());
    }

    @Provides
    @Singleton
    QuotaPolicy quotaPolicy() {
        shared.bind(QuotaProvider.STATE_STORE_KEY, create(selection.quotaState(),
                dataKeeping("quotas.state-store", Map.of()), config.platform().workers()));
        return create(selection.quotas(), plain("quotas", config.quotas().settings()), config.platform().workers());
    }

    @Provides
    @Singleton
    Sandbox sandbox() {
        Sandbox sandbox = create(selection.isolation(), plain("isolation", config.isolation().settings()),
                config.platform().workers());
        LOG.info("isolation '{}' runs {} executions at once on {}", selection.isolation().name(), sandbox.parallelism(),
                sandbox.runtimeDescription());
        return sandbox;
    }

    @Provides
    @Singleton
    Scheduler scheduler(Sandbox sandbox) {
        // The scheduler shares out the workers the core really runs: the sandbox's parallelism.
        return create(selection.scheduler(), plain("scheduler", config.scheduler().settings()), sandbox.parallelism());
    }

    @Provides
    @Singleton
    Optional<BillingEngine> billing() {
        List<BillingRule> rules = new ArrayList<>();
        for (Selection.Named<dev.tenantry.spi.billing.BillingRuleProvider> rule : selection.rules()) {
            // The rules are closed through the shared BillingRules, not one by one.
            rules.add(rule.provider().provider().create(context(plain(rule.config().path(), rule.config().settings()),
                    config.platform().workers())));
        }
        shared.bind(BillingProvider.RULES_KEY, new BillingRules(rules));
        return selection.billing().map(b -> create(b, plain("billing", config.billing().settings()),
                config.platform().workers()));
    }

    private <S extends AutoCloseable, P extends Provider<S>> S create(DiscoveredProvider<P> chosen, PluginConfig pc,
                                                                      int slots) {
        S service = chosen.provider().create(context(pc, slots));
        if (service == null) {
            throw new IllegalStateException(chosen.point().kind() + " provider " + chosen.describe() + " created nothing");
        }
        LOG.debug("created {} {} with {}", chosen.point().kind(), chosen.describe(), pc);
        return services.add(chosen.point().kind() + " " + chosen.describe(), service);
    }

    private ProviderContext context(PluginConfig pc, int slots) {
        return new PlatformProviderContext(pc, clock, events,
                new ProviderContext.PlatformInfo(slots, config.dataDirectory()), shared);
    }

    private static PluginConfig plain(String path, Map<String, String> settings) {
        return PluginConfig.of(path, settings);
    }

    /** The database keys first, so that the provider's own keys win where both set one. */
    private PluginConfig dataKeeping(String path, Map<String, String> settings) {
        Map<String, String> values = new LinkedHashMap<>(config.database().pluginValues(config.dataDirectory()));
        values.putAll(settings);
        return new PluginConfig(path, values, DatabaseSettings.SECRET_KEYS);
    }
}
