package dev.tenantry.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tenantry.core.admission.DynamicLimitSettings;
import dev.tenantry.core.tenants.LimitOverrides;
import dev.tenantry.core.tenants.TierDefaults;
import dev.tenantry.spi.ConfigurationException;
import dev.tenantry.spi.ConfigurationException.Problem;
import dev.tenantry.spi.PluginConfig;
import dev.tenantry.spi.tenant.Tier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads a {@link TenantryConfig} from YAML and the environment, collecting every problem before it fails. */
final class ConfigLoader {
    static final Set<String> SECTIONS = Set.of("platform", "database", "server", "isolation", "scheduler", "quotas",
            "metering", "tenants", "data", "billing", "events", "tiers", "dynamic-limits");

    private ConfigLoader() {
    }

    static TenantryConfig load(Optional<Path> file, Map<String, String> env) {
        ObjectNode root = file.map(ConfigLoader::read).orElseGet(JsonNodeFactory.instance::objectNode);
        List<Problem> problems = new ArrayList<>();
        EnvOverrides.apply(root, env, problems);
        ConfigNode top = new ConfigNode(root, "", problems);
        top.requireOnly(SECTIONS);
        TenantryConfig defaults = TenantryConfig.defaults();

        PlatformSettings platform = platform(top.mapping("platform"));
        DatabaseSettings database = database(top.mapping("database"));
        ServerSettings server = server(top.mapping("server"));
        ProviderSettings isolation = provider(top.mapping("isolation"), "provider", defaults.isolation());
        ProviderSettings scheduler = provider(top.mapping("scheduler"), "provider", defaults.scheduler());
        ProviderSettings metering = provider(top.mapping("metering"), "provider", defaults.metering());
        ProviderSettings tenants = provider(top.mapping("tenants"), "store", defaults.tenants());
        ProviderSettings data = provider(top.mapping("data"), "store", defaults.data());
        ConfigNode q = top.mapping("quotas");
        QuotaSettings quotas = new QuotaSettings(name(q, "provider").or(() -> defaults.quotas().provider()),
                name(q, "state-store").or(() -> defaults.quotas().stateStore()),
                q.flatten(Set.of("provider", "state-store")));
        ConfigNode b = top.mapping("billing");
        BillingSettings billing = new BillingSettings(name(b, "provider"), b.pluginList("rules"),
                b.flatten(Set.of("provider", "rules")));
        ConfigNode ev = top.mapping("events");
        ev.requireOnly(Set.of("listeners"));
        EventSettings events = new EventSettings(ev.pluginList("listeners"));
        Map<Tier, LimitOverrides> tiers = tiers(top.mapping("tiers"));
        DynamicLimitSettings dynamicLimits = dynamicLimits(top.mapping("dynamic-limits"), defaults.dynamicLimits());

        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new TenantryConfig(platform, database, server, isolation, scheduler, quotas, metering, tenants, data,
                billing, events, tiers, dynamicLimits);
    }

    private static DynamicLimitSettings dynamicLimits(ConfigNode n, DynamicLimitSettings fallback) {
        try {
            return DynamicLimitSettings.from(PluginConfig.of(n.path(), n.flatten(Set.of())));
        } catch (ConfigurationException e) {
            e.problems().forEach(p -> n.problem(p.path(), p.message()));
            return fallback;
        }
    }

    private static ObjectNode read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException(file.toString(), "configuration file does not exist");
        } catch (IOException e) {
            throw new ConfigurationException(file.toString(), "cannot read the configuration file: " + e.getMessage());
        }
        try {
            JsonNode node = new ObjectMapper(new YAMLFactory()).readTree(text);
            if (node == null || node.isMissingNode() || node.isNull()) {
                return JsonNodeFactory.instance.objectNode();
            }
            if (!node.isObject()) {
                throw new ConfigurationException(file.toString(),
                        "expected a mapping of sections (platform, isolation, ...), got " + ConfigNode.describe(node));
            }
            return (ObjectNode) node;
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new ConfigurationException(file.toString(), "not valid YAML" + where + ": " + e.getOriginalMessage());
        }
    }

    private static PlatformSettings platform(ConfigNode n) {
        n.requireOnly(Set.of("data-dir", "workers", "shutdown-timeout", "metering-wait"));
        PlatformSettings d = PlatformSettings.DEFAULTS;
        Path dataDir = n.scalar("data-dir").map(Path::of).orElse(d.dataDir());
        int workers = (int) integer(n, "workers", d.workers(), 1, 1024);
        Duration shutdown = duration(n, "shutdown-timeout", d.shutdownTimeout());
        Duration meteringWait = duration(n, "metering-wait", d.meteringWait());
        String problem = PlatformSettings.meteringWaitProblem(meteringWait);
        if (problem != null) {
            n.problem(n.pathOf("metering-wait"), problem + ", got " + n.scalar("metering-wait").orElse(""));
            meteringWait = d.meteringWait();
        }
        return new PlatformSettings(dataDir, workers, shutdown, meteringWait);
    }

    private static DatabaseSettings database(ConfigNode n) {
        n.requireOnly(DatabaseSettings.KEYS);
        Optional<Integer> pool = n.scalar("pool-size").isPresent()
                ? Optional.of((int) integer(n, "pool-size", 1, 1, 1000)) : Optional.empty();
        return new DatabaseSettings(n.scalar("url").filter(s -> !s.isBlank()), n.scalar("user"), n.scalar("password"),
                pool);
    }

    private static ServerSettings server(ConfigNode n) {
        n.requireOnly(Set.of("port", "admin-key"));
        int port = (int) integer(n, "port", ServerSettings.DEFAULTS.port(), 0, 65535);
        return new ServerSettings(port, n.scalar("admin-key").filter(s -> !s.isBlank()));
    }

    private static ProviderSettings provider(ConfigNode n, String selector, ProviderSettings defaults) {
        return new ProviderSettings(name(n, selector).or(defaults::provider), n.flatten(Set.of(selector)));
    }

    private static Optional<String> name(ConfigNode n, String key) {
        Optional<String> name = n.scalar(key).map(String::strip).filter(s -> !s.isEmpty());
        name.ifPresent(s -> {
            if (!s.matches("[a-z][a-z0-9-]*")) {
                n.problem(n.pathOf(key),
                        "expected a provider name of lower-case letters, digits and '-', got \"" + s + "\"");
            }
        });
        return name;
    }

    private static Map<Tier, LimitOverrides> tiers(ConfigNode n) {
        Map<Tier, LimitOverrides> tiers = new EnumMap<>(Tier.class);
        for (String key : n.keys()) {
            Tier tier;
            try {
                tier = Tier.parse(key);
            } catch (IllegalArgumentException e) {
                n.problem(n.pathOf(key),
                        "unknown tier; expected one of starter, professional, business, enterprise, custom");
                continue;
            }
            ConfigNode t = n.mapping(key);
            tiers.put(tier, new LimitOverrides(t.flatten(Set.of())));
        }
        try {
            TierDefaults.withOverrides(tiers);
        } catch (ConfigurationException e) {
            e.problems().forEach(p -> n.problem(p.path(), p.message()));
        }
        return tiers;
    }

    private static long integer(ConfigNode n, String key, long fallback, long min, long max) {
        Optional<String> raw = n.scalar(key);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            long v = Long.parseLong(raw.get().strip().replace("_", ""));
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below with the expected form
        }
        n.problem(n.pathOf(key), "expected an integer from " + min + " to " + max + ", got \"" + raw.get() + "\"");
        return fallback;
    }

    private static Duration duration(ConfigNode n, String key, Duration fallback) {
        Optional<String> raw = n.scalar(key);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            return PluginConfig.parseDuration(n.pathOf(key), raw.get());
        } catch (ConfigurationException e) {
            e.problems().forEach(p -> n.problem(p.path(), p.message()));
            return fallback;
        }
    }
}
