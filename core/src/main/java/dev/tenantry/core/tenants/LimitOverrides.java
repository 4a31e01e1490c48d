package dev.tenantry.core.tenants;

import dev.tenantry.spi.ConfigurationException;
import dev.tenantry.spi.ConfigurationException.Problem;
import dev.tenantry.spi.PluginConfig;
import dev.tenantry.spi.tenant.Priority;
import dev.tenantry.spi.tenant.TenantLimits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Changes to a tier's limits, as written in configuration ({@code tiers.<tier>}) or given for a tenant of
 * tier {@code custom}: flat, dashed keys with text values. Sizes take units ({@code 64mb}), durations too
 * ({@code 500ms}, {@code 2s}).
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>key</th><th>limit</th></tr>
 *   <tr><td>{@code executions-per-minute}, {@code burst}</td><td>the tenant-wide token bucket</td></tr>
 *   <tr><td>{@code operations.<op>.per-minute}, {@code operations.<op>.burst}</td><td>the bucket of one operation type</td></tr>
 *   <tr><td>{@code daily-executions}, {@code monthly-executions}</td><td>UTC calendar windows</td></tr>
 *   <tr><td>{@code max-concurrent}, {@code max-queued}, {@code queue-timeout}</td><td>concurrency and queueing</td></tr>
 *   <tr><td>{@code cpu-time}, {@code wall-time}, {@code memory}, {@code statements}, {@code stack-depth},
 *       {@code console-bytes}, {@code result-size}</td><td>one execution</td></tr>
 *   <tr><td>{@code storage-bytes}, {@code storage-objects}, {@code object-size}</td><td>key-value data</td></tr>
 *   <tr><td>{@code warning-fraction}, {@code critical-fraction}, {@code hard-limits}</td><td>thresholds</td></tr>
 *   <tr><td>{@code priority}</td><td>{@code low}, {@code normal}, {@code high} or {@code critical}</td></tr>
 * </table>
 *
 * @param values the overrides by key; copied
 */
public record LimitOverrides(Map<String, String> values) {
    /** The plain keys (besides {@code operations.<op>.per-minute|burst}). */
    public static final Set<String> KEYS = Set.of("executions-per-minute", "burst", "daily-executions",
            "monthly-executions", "max-concurrent", "max-queued", "queue-timeout", "cpu-time", "wall-time", "memory",
            "statements", "stack-depth", "console-bytes", "result-size", "storage-bytes", "storage-objects",
            "object-size", "warning-fraction", "critical-fraction", "hard-limits", "priority");
    private static final Pattern OPERATION_KEY =
            Pattern.compile("operations\\.([a-z][a-z0-9_]{0,31})\\.(per-minute|burst)");

    /** No overrides. */
    public static final LimitOverrides NONE = new LimitOverrides(Map.of());

    /** Copies the values. */
    public LimitOverrides {
        values = Map.copyOf(values);
    }

    /** {@return overrides from alternating keys and values}, for code and tests */
    public static LimitOverrides of(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("expected keys and values in pairs");
        }
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new LimitOverrides(map);
    }

    /** {@return whether there are no overrides} */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** {@return these overrides with {@code later}'s values winning where both set a key} */
    public LimitOverrides plus(LimitOverrides later) {
        Map<String, String> merged = new HashMap<>(values);
        merged.putAll(later.values);
        return new LimitOverrides(merged);
    }

    /**
     * {@return every limit of {@code profile} under its override key}, as text in the form the key accepts
     * (durations in milliseconds, sizes in bytes); used to report which limits a change touched.
     */
    public static Map<String, String> describe(TierProfile profile) {
        TenantLimits l = profile.limits();
        Map<String, String> out = new TreeMap<>();
        out.put("executions-per-minute", Long.toString(l.rate().perMinute()));
        out.put("burst", Long.toString(l.rate().burst()));
        l.rate().perOperation().forEach((op, rate) -> {
            out.put("operations." + op + ".per-minute", Long.toString(rate.perMinute()));
            out.put("operations." + op + ".burst", Long.toString(rate.burst()));
        });
        out.put("daily-executions", Long.toString(l.requests().dailyExecutions()));
        out.put("monthly-executions", Long.toString(l.requests().monthlyExecutions()));
        out.put("max-concurrent", Integer.toString(l.requests().maxConcurrent()));
        out.put("max-queued", Integer.toString(l.requests().maxQueued()));
        out.put("queue-timeout", l.requests().queueTimeout().toMillis() + "ms");
        out.put("cpu-time", l.execution().cpuTime().toMillis() + "ms");
        out.put("wall-time", l.execution().wallTime().toMillis() + "ms");
        out.put("memory", Long.toString(l.execution().memoryBytes()));
        out.put("statements", Long.toString(l.execution().maxStatements()));
        out.put("stack-depth", Integer.toString(l.execution().maxStackDepth()));
        out.put("console-bytes", Long.toString(l.execution().maxConsoleBytes()));
        out.put("result-size", Long.toString(l.execution().maxResultBytes()));
        out.put("storage-bytes", Long.toString(l.storage().maxBytes()));
        out.put("storage-objects", Long.toString(l.storage().maxObjects()));
        out.put("object-size", Long.toString(l.storage().maxObjectBytes()));
        out.put("warning-fraction", Double.toString(l.thresholds().warningFraction()));
        out.put("critical-fraction", Double.toString(l.thresholds().criticalFraction()));
        out.put("hard-limits", Boolean.toString(l.thresholds().hardLimits()));
        out.put("priority", profile.priority().id());
        return out;
    }

    /**
     * Checks every key and value against {@code base} without applying them.
     *
     * @return the problems found, each with its path below {@code path}; empty if none
     */
    public List<Problem> problems(String path, TierProfile base) {
        try {
            applyTo(base, path);
            return List.of();
        } catch (ConfigurationException e) {
            return e.problems();
        }
    }

    /**
     * Applies the overrides to {@code base}.
     *
     * @param path where the overrides were written, for errors ({@code tiers.starter})
     * @throws ConfigurationException listing every unknown key and bad value with its path
     */
    public TierProfile applyTo(TierProfile base, String path) {
        Objects.requireNonNull(base, "base");
        PluginConfig c = PluginConfig.of(path, values);
        List<Problem> problems = new ArrayList<>();
        Map<String, TenantLimits.OperationRate> operations = new TreeMap<>(base.limits().rate().perOperation());
        Map<String, Map<String, String>> operationValues = new TreeMap<>();
        for (String key : new TreeSet<>(values.keySet())) {
            Matcher m = OPERATION_KEY.matcher(key);
            if (m.matches()) {
                operationValues.computeIfAbsent(m.group(1), k -> new HashMap<>()).put(m.group(2), values.get(key));
            } else if (!KEYS.contains(key)) {
                problems.add(new Problem(c.pathOf(key), "unknown limit; expected one of " + new TreeSet<>(KEYS)
                        + " or operations.<operation>.per-minute|burst"));
            }
        }
        Values v = new Values(c, problems);
        TenantLimits l = base.limits();
        long perMinute = v.count("executions-per-minute", l.rate().perMinute(), 1);
        long burst = v.count("burst", l.rate().burst(), 0);
        operationValues.forEach((op, raw) -> {
            Values ov = new Values(PluginConfig.of(c.pathOf("operations." + op), raw), problems);
            TenantLimits.OperationRate old = operations.get(op);
            if (old == null && !raw.containsKey("per-minute")) {
                problems.add(new Problem(ov.config.pathOf("per-minute"),
                        "required for a new operation type; expected an integer from 1"));
                return;
            }
            long opPerMinute = ov.count("per-minute", old == null ? 1 : old.perMinute(), 1);
            long opBurst = ov.count("burst", old == null ? 0 : old.burst(), 0);
            operations.put(op, new TenantLimits.OperationRate(opPerMinute, opBurst));
        });
        TenantLimits.RequestLimits r = l.requests();
        long daily = v.count("daily-executions", r.dailyExecutions(), 1);
        long monthly = v.count("monthly-executions", r.monthlyExecutions(), 1);
        int concurrent = (int) v.count("max-concurrent", r.maxConcurrent(), 1, Integer.MAX_VALUE);
        int queued = (int) v.count("max-queued", r.maxQueued(), 0, Integer.MAX_VALUE);
        Duration queueTimeout = v.duration("queue-timeout", r.queueTimeout());
        TenantLimits.ExecutionLimits e = l.execution();
        Duration cpu = v.duration("cpu-time", e.cpuTime());
        Duration wall = v.duration("wall-time", e.wallTime());
        long memory = v.size("memory", e.memoryBytes(), 1L << 20);
        long statements = v.count("statements", e.maxStatements(), 1);
        int stack = (int) v.count("stack-depth", e.maxStackDepth(), 16, Integer.MAX_VALUE);
        long console = v.size("console-bytes", e.maxConsoleBytes(), 0);
        long result = v.size("result-size", e.maxResultBytes(), 16);
        TenantLimits.StorageLimit s = l.storage();
        long storageBytes = v.size("storage-bytes", s.maxBytes(), 0);
        long storageObjects = v.count("storage-objects", s.maxObjects(), 0);
        long objectSize = v.size("object-size", s.maxObjectBytes(), 0);
        TenantLimits.Thresholds t = l.thresholds();
        double warning = v.fraction("warning-fraction", t.warningFraction());
        double critical = v.fraction("critical-fraction", t.criticalFraction());
        boolean hard = v.read(() -> c.bool("hard-limits", t.hardLimits()), t.hardLimits());
        Priority priority = v.read(() -> c.get("priority").map(p -> {
            try {
                return Priority.parse(p);
            } catch (IllegalArgumentException ex) {
                throw new ConfigurationException(c.pathOf("priority"),
                        "expected low, normal, high or critical, got \"" + p + "\"");
            }
        }).orElse(base.priority()), base.priority());
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        try {
            TenantLimits limits = new TenantLimits(
                    new TenantLimits.RateLimit(perMinute, burst, operations),
                    new TenantLimits.RequestLimits(daily, monthly, concurrent, queued, queueTimeout),
                    new TenantLimits.ExecutionLimits(cpu, wall, memory, statements, stack, console, result),
                    new TenantLimits.StorageLimit(storageBytes, storageObjects, objectSize),
                    new TenantLimits.Thresholds(warning, critical, hard));
            return new TierProfile(limits, priority);
        } catch (IllegalArgumentException ex) {
            throw new ConfigurationException(path, ex.getMessage());
        }
    }

    /** Reads typed values of one section, adding each bad one to a shared problem list instead of throwing. */
    private record Values(PluginConfig config, List<Problem> problems) {
        long count(String key, long fallback, long min) {
            return count(key, fallback, min, Long.MAX_VALUE);
        }

        long count(String key, long fallback, long min, long max) {
            return read(() -> config.longValue(key, fallback, min, max), fallback);
        }

        long size(String key, long fallback, long min) {
            return read(() -> {
                long bytes = config.bytes(key, fallback);
                if (bytes < min) {
                    throw new ConfigurationException(config.pathOf(key), "expected a size of at least " + min
                            + " bytes, got \"" + config.get(key).orElse("") + "\"");
                }
                return bytes;
            }, fallback);
        }

        Duration duration(String key, Duration fallback) {
            return read(() -> {
                Duration d = config.duration(key, fallback);
                if (d.isZero()) {
                    throw new ConfigurationException(config.pathOf(key),
                            "expected a positive duration such as 500ms or 2s, got \"" + config.get(key).orElse("") + "\"");
                }
                return d;
            }, fallback);
        }

        double fraction(String key, double fallback) {
            return read(() -> config.fraction(key, fallback, 0.01, 1), fallback);
        }

        <T> T read(Supplier<T> reader, T fallback) {
            try {
                return reader.get();
            } catch (ConfigurationException e) {
                problems.addAll(e.problems());
                return fallback;
            }
        }
    }
}
