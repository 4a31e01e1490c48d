package dev.tenantry.core.config;

import dev.tenantry.core.admission.DynamicLimitSettings;
import dev.tenantry.core.tenants.LimitOverrides;
import dev.tenantry.spi.ConfigurationException;
import dev.tenantry.spi.PluginConfig;
import dev.tenantry.spi.tenant.Tier;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole configuration of one platform, read from a YAML file with environment-variable overrides by
 * {@link #load}. Immutable.
 *
 * <pre>{@code
 * platform: { data-dir: ./data, workers: 2, shutdown-timeout: 30s, metering-wait: 30s }
 *                                                                    # TENANTRY_DATA_DIR, TENANTRY_WORKERS
 * database: { url: jdbc:..., user: ..., password: ..., pool-size: 8 }  # TENANTRY_DB_URL, _DB_USER, _DB_PASSWORD
 * server:   { port: 8080, admin-key: ... }                             # TENANTRY_PORT, TENANTRY_ADMIN_KEY
 * isolation: { provider: graaljs, ...provider keys }
 * scheduler: { provider: fair, ...provider keys }
 * quotas:   { provider: standard, state-store: memory, ...provider keys }
 * metering: { provider: memory, ...provider keys }
 * tenants:  { store: memory, ...provider keys }
 * data:     { store: memory, ...provider keys }
 * billing:  { provider: rules, rules: [name, {name: ..., key: value}], ...provider keys }
 * events:   { listeners: [name, {name: ..., key: value}] }
 * tiers:    { starter: { cpu-time: 1s, ... }, ... }                    # see LimitOverrides
 * dynamic-limits: { enabled: true, interval: 1h, rules: { ... } }      # see DynamicLimitSettings
 * }</pre>
 *
 * <p>A provider section's keys other than its selector ({@code provider}, {@code store}, {@code state-store},
 * {@code rules}, {@code listeners}) go to the selected provider, which rejects those it does not know. An
 * absent provider name means "the only provider found". Every value may be overridden by an environment
 * variable {@code TENANTRY_<SECTION>_<KEY>}, upper case, with {@code -} written {@code _}
 * ({@code TENANTRY_SCHEDULER_PROVIDER}, {@code TENANTRY_PLATFORM_SHUTDOWN_TIMEOUT},
 * {@code TENANTRY_TIERS_STARTER_CPU_TIME}); lists ({@code TENANTRY_EVENTS_LISTENERS}) are comma-separated.
 * Variables whose second word is not a section are ignored, so tools may share the prefix.
 *
 * @param platform the {@code platform} section
 * @param database the {@code database} section
 * @param server the {@code server} section
 * @param isolation the {@code isolation} section
 * @param scheduler the {@code scheduler} section
 * @param quotas the {@code quotas} section
 * @param metering the {@code metering} section
 * @param tenants the {@code tenants} section (selector {@code store})
 * @param data the {@code data} section (selector {@code store})
 * @param billing the {@code billing} section
 * @param events the {@code events} section
 * @param tiers the overrides of the built-in tier defaults, by tier
 * @param dynamicLimits the {@code dynamic-limits} section: whether and how often the platform raises or
 *     lowers tenants' limits by rule; off by default
 */
public record TenantryConfig(PlatformSettings platform, DatabaseSettings database, ServerSettings server,
                             ProviderSettings isolation, ProviderSettings scheduler, QuotaSettings quotas,
                             ProviderSettings metering, ProviderSettings tenants, ProviderSettings data,
                             BillingSettings billing, EventSettings events, Map<Tier, LimitOverrides> tiers,
                             DynamicLimitSettings dynamicLimits) {

    /** Validates that nothing is null and copies the tiers. */
    public TenantryConfig {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(isolation, "isolation");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(quotas, "quotas");
        Objects.requireNonNull(metering, "metering");
        Objects.requireNonNull(tenants, "tenants");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(billing, "billing");
        Objects.requireNonNull(events, "events");
        tiers = tiers.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(tiers));
        Objects.requireNonNull(dynamicLimits, "dynamicLimits");
    }

    /** Dynamic limits off, hourly with the seed's storage growth rule when turned on. */
    private static DynamicLimitSettings noDynamicLimits() {
        return DynamicLimitSettings.from(PluginConfig.empty("dynamic-limits"));
    }

    /**
     * {@return the defaults}: data in {@code ./data}, 2 workers, port 8080, the {@code memory} tenant store,
     * data store, usage store and quota state store, and "the only provider found" for isolation, scheduler,
     * quota policy and billing. The stores are named because a deployment often has a second one (JDBC) on
     * its module path.
     */
    public static TenantryConfig defaults() {
        return new TenantryConfig(PlatformSettings.DEFAULTS, DatabaseSettings.DEFAULTS, ServerSettings.DEFAULTS,
                ProviderSettings.DEFAULTS, ProviderSettings.DEFAULTS,
                new QuotaSettings(Optional.empty(), Optional.of("memory"), Map.of()),
                ProviderSettings.of("memory"), ProviderSettings.of("memory"), ProviderSettings.of("memory"),
                BillingSettings.DEFAULTS, EventSettings.DEFAULTS, Map.of(), noDynamicLimits());
    }

    /**
     * Reads the configuration: the defaults, then {@code file} if given, then the {@code TENANTRY_...}
     * variables of {@code env}.
     *
     * @param file a YAML file, or empty for defaults and environment only
     * @param env the environment, usually {@code System.getenv()}
     * @throws ConfigurationException listing every unknown key and bad value with its path and the expected
     *     form, or naming the file if it cannot be read or parsed
     */
    public static TenantryConfig load(Optional<Path> file, Map<String, String> env) {
        return ConfigLoader.load(file, env);
    }

    /** {@return the data folder, absolute} */
    public Path dataDirectory() {
        return platform.dataDir().toAbsolutePath().normalize();
    }

    /** {@return a copy with {@code section} as its isolation section} */
    public TenantryConfig withIsolation(ProviderSettings section) {
        return new TenantryConfig(platform, database, server, section, scheduler, quotas, metering, tenants, data,
                billing, events, tiers, dynamicLimits);
    }

    /** {@return a copy with {@code section} as its scheduler section} */
    public TenantryConfig withScheduler(ProviderSettings section) {
        return new TenantryConfig(platform, database, server, isolation, section, quotas, metering, tenants, data,
                billing, events, tiers, dynamicLimits);
    }

    /** {@return a copy with {@code section} as its quotas section} */
    public TenantryConfig withQuotas(QuotaSettings section) {
        return new TenantryConfig(platform, database, server, isolation, scheduler, section, metering, tenants, data,
                billing, events, tiers, dynamicLimits);
    }

    /** {@return a copy with {@code section} as its metering section} */
    public TenantryConfig withMetering(ProviderSettings section) {
        return new TenantryConfig(platform, database, server, isolation, scheduler, quotas, section, tenants, data,
                billing, events, tiers, dynamicLimits);
    }

    /** {@return a copy with {@code section} as its platform section} */
    public TenantryConfig withPlatform(PlatformSettings section) {
        return new TenantryConfig(section, database, server, isolation, scheduler, quotas, metering, tenants, data,
                billing, events, tiers, dynamicLimits);
    }

    /** {@return a copy with {@code section} as its events section} */
    public TenantryConfig withEvents(EventSettings section) {
        return new TenantryConfig(platform, database, server, isolation, scheduler, quotas, metering, tenants, data,
                billing, section, tiers, dynamicLimits);
    }

    /** {@return a copy with {@code section} as its billing section} */
    public TenantryConfig withBilling(BillingSettings section) {
        return new TenantryConfig(platform, database, server, isolation, scheduler, quotas, metering, tenants, data,
                section, events, tiers, dynamicLimits);
    }

    /** {@return a copy with this {@code dynamic-limits} section} */
    public TenantryConfig withDynamicLimits(DynamicLimitSettings section) {
        return new TenantryConfig(platform, database, server, isolation, scheduler, quotas, metering, tenants, data,
                billing, events, tiers, section);
    }

    /** {@return a copy with these tier overrides} */
    public TenantryConfig withTiers(Map<Tier, LimitOverrides> newTiers) {
        return new TenantryConfig(platform, database, server, isolation, scheduler, quotas, metering, tenants, data,
                billing, events, newTiers, dynamicLimits);
    }
}
