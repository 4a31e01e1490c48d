package dev.tenantry.core.admission;

import dev.tenantry.spi.ConfigurationException;
import dev.tenantry.spi.PluginConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Configuration of the {@link DynamicLimitPolicy}, bound from its section (for example {@code dynamic-limits}):
 *
 * <pre>
 * enabled = true                       # default false: the policy is optional
 * interval = 1h                        # how often the platform runs it; default 1h
 * rules.storage-growth.dimension = storage-bytes      # or storage-objects
 * rules.storage-growth.direction = above              # or below
 * rules.storage-growth.fraction = 0.8
 * rules.storage-growth.factor = 1.5
 * rules.storage-growth.bound = 10gb                   # optional: highest (above) or lowest (below) limit
 * </pre>
 *
 * Rules apply in the order of their names. Without any {@code rules.*} key the seed's rule applies
 * ({@link LimitRule#seedStorageGrowth()}).
 *
 * @param enabled whether the platform runs the policy
 * @param interval how often it runs; positive
 * @param rules the rules, in order; copied
 */
public record DynamicLimitSettings(boolean enabled, Duration interval, List<LimitRule> rules) {
    private static final Set<String> RULE_KEYS = Set.of("dimension", "direction", "fraction", "factor", "bound");

    /** Validates the values and copies the rules. */
    public DynamicLimitSettings {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("interval must be positive, was " + interval);
        }
        rules = List.copyOf(rules);
    }

    /**
     * Binds the configuration, rejecting unknown keys.
     *
     * @throws ConfigurationException naming the path of every unknown or bad value
     */
    public static DynamicLimitSettings from(PluginConfig config) {
        Set<String> names = new TreeSet<>();
        Set<String> known = new TreeSet<>(Set.of("enabled", "interval"));
        for (String key : config.values().keySet()) {
            String[] parts = key.split("\\.", 3);
            if (parts.length == 3 && parts[0].equals("rules") && RULE_KEYS.contains(parts[2])) {
                names.add(parts[1]);
                known.add(key);
            }
        }
        config.requireOnly(known);
        boolean enabled = config.bool("enabled", false);
        Duration interval = config.duration("interval", Duration.ofHours(1));
        if (interval.isZero()) {
            throw new ConfigurationException(config.pathOf("interval"), "expected a positive duration, got 0");
        }
        List<LimitRule> rules = new ArrayList<>();
        for (String name : names) {
            rules.add(rule(config.section("rules." + name)));
        }
        return new DynamicLimitSettings(enabled, interval, rules.isEmpty() ? List.of(LimitRule.seedStorageGrowth()) : rules);
    }

    private static LimitRule rule(PluginConfig rule) {
        LimitRule.Dimension dimension = switch (rule.requireString("dimension").toLowerCase(Locale.ROOT)) {
            case "storage-bytes" -> LimitRule.Dimension.STORAGE_BYTES;
            case "storage-objects" -> LimitRule.Dimension.STORAGE_OBJECTS;
            default -> throw new ConfigurationException(rule.pathOf("dimension"),
                    "expected storage-bytes or storage-objects, got \"" + rule.requireString("dimension") + "\"");
        };
        LimitRule.Direction direction = switch (rule.requireString("direction").toLowerCase(Locale.ROOT)) {
            case "above" -> LimitRule.Direction.ABOVE;
            case "below" -> LimitRule.Direction.BELOW;
            default -> throw new ConfigurationException(rule.pathOf("direction"),
                    "expected above or below, got \"" + rule.requireString("direction") + "\"");
        };
        double fraction = rule.fraction("fraction", Double.NaN, 0.0001, 1.0);
        if (Double.isNaN(fraction)) {
            throw new ConfigurationException(rule.pathOf("fraction"), "required value is missing");
        }
        double factor = rule.fraction("factor", Double.NaN, 0.0001, 1_000.0);
        if (Double.isNaN(factor)) {
            throw new ConfigurationException(rule.pathOf("factor"), "required value is missing");
        }
        long bound = rule.bytes("bound", direction == LimitRule.Direction.ABOVE ? Long.MAX_VALUE : 0);
        try {
            return new LimitRule(dimension, direction, fraction, factor, bound);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(rule.pathOf("factor"), e.getMessage());
        }
    }
}
