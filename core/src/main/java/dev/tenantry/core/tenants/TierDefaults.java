package dev.tenantry.core.tenants;

import dev.tenantry.spi.ConfigurationException;
import dev.tenantry.spi.ConfigurationException.Problem;
import dev.tenantry.spi.tenant.Priority;
import dev.tenantry.spi.tenant.TenantLimits;
import dev.tenantry.spi.tenant.Tier;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The default limits and priority of each tier: the built-in table below, with the overrides of the
 * configuration's {@code tiers:} section applied. {@link Tier#CUSTOM} starts from the starter row and
 * takes its real limits from each tenant's own overrides. Thresholds of every tier: warn at 85%, critical
 * at 95%, hard limits. The same table is in {@code docs/tiers.md}. Monthly executions and storage bytes equal
 * the headline limits of the {@code rules} billing provider's default plans, which price the same tiers.
 *
 * <table>
 *   <caption>Built-in tier defaults</caption>
 *   <tr><th>limit</th><th>starter</th><th>professional</th><th>business</th><th>enterprise</th></tr>
 *   <tr><td>executions per minute (+ burst)</td><td>60 (+10)</td><td>600 (+100)</td><td>3,000 (+500)</td><td>12,000 (+2,000)</td></tr>
 *   <tr><td>CPU time per execution</td><td>500 ms</td><td>2 s</td><td>5 s</td><td>30 s</td></tr>
 *   <tr><td>wall time per execution</td><td>5 s</td><td>15 s</td><td>30 s</td><td>120 s</td></tr>
 *   <tr><td>memory per execution</td><td>32 MiB</td><td>128 MiB</td><td>256 MiB</td><td>1 GiB</td></tr>
 *   <tr><td>concurrent executions</td><td>2</td><td>8</td><td>32</td><td>128</td></tr>
 *   <tr><td>queued executions (queue timeout)</td><td>10 (10 s)</td><td>100 (30 s)</td><td>500 (30 s)</td><td>2,000 (60 s)</td></tr>
 *   <tr><td>executions per UTC day</td><td>10,000</td><td>200,000</td><td>2,000,000</td><td>20,000,000</td></tr>
 *   <tr><td>executions per UTC month</td><td>100,000</td><td>1,000,000</td><td>10,000,000</td><td>100,000,000</td></tr>
 *   <tr><td>storage bytes</td><td>100 MiB</td><td>1 GiB</td><td>10 GiB</td><td>100 GiB</td></tr>
 *   <tr><td>storage objects</td><td>1,000</td><td>100,000</td><td>1,000,000</td><td>10,000,000</td></tr>
 *   <tr><td>object size</td><td>64 KiB</td><td>1 MiB</td><td>5 MiB</td><td>10 MiB</td></tr>
 *   <tr><td>result size</td><td>64 KiB</td><td>1 MiB</td><td>5 MiB</td><td>10 MiB</td></tr>
 *   <tr><td>console bytes</td><td>16 KiB</td><td>64 KiB</td><td>256 KiB</td><td>1 MiB</td></tr>
 *   <tr><td>statements per execution</td><td>1,000,000</td><td>10,000,000</td><td>100,000,000</td><td>1,000,000,000</td></tr>
 *   <tr><td>stack depth</td><td>256</td><td>512</td><td>1,024</td><td>2,048</td></tr>
 *   <tr><td>priority (scheduling weight)</td><td>low (1)</td><td>normal (2)</td><td>high (4)</td><td>critical (8)</td></tr>
 * </table>
 *
 * <p>Immutable and thread-safe.
 */
public final class TierDefaults {
    private static final long KIB = 1L << 10;
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    private final Map<Tier, TierProfile> profiles;

    private TierDefaults(Map<Tier, TierProfile> profiles) {
        this.profiles = Map.copyOf(profiles);
    }

    /** {@return the built-in table, unchanged} */
    public static TierDefaults builtIn() {
        Map<Tier, TierProfile> table = new EnumMap<>(Tier.class);
        table.put(Tier.STARTER, profile(60, 10, Duration.ofMillis(500), Duration.ofSeconds(5), 32 * MIB, 2, 10,
                Duration.ofSeconds(10), 10_000, 100_000, 100 * MIB, 1_000, 64 * KIB, 64 * KIB, 16 * KIB,
                1_000_000, 256, Priority.LOW));
        table.put(Tier.PROFESSIONAL, profile(600, 100, Duration.ofSeconds(2), Duration.ofSeconds(15), 128 * MIB, 8, 100,
                Duration.ofSeconds(30), 200_000, 1_000_000, GIB, 100_000, MIB, MIB, 64 * KIB,
                10_000_000, 512, Priority.NORMAL));
        table.put(Tier.BUSINESS, profile(3_000, 500, Duration.ofSeconds(5), Duration.ofSeconds(30), 256 * MIB, 32, 500,
                Duration.ofSeconds(30), 2_000_000, 10_000_000, 10 * GIB, 1_000_000, 5 * MIB, 5 * MIB, 256 * KIB,
                100_000_000, 1_024, Priority.HIGH));
        table.put(Tier.ENTERPRISE, profile(12_000, 2_000, Duration.ofSeconds(30), Duration.ofSeconds(120), GIB, 128,
                2_000, Duration.ofSeconds(60), 20_000_000, 100_000_000, 100 * GIB, 10_000_000, 10 * MIB, 10 * MIB,
                MIB, 1_000_000_000, 2_048, Priority.CRITICAL));
        table.put(Tier.CUSTOM, table.get(Tier.STARTER));
        return new TierDefaults(table);
    }

    /**
     * {@return the built-in table with {@code overrides} applied}, as configured under {@code tiers:}.
     *
     * @throws ConfigurationException listing every bad key or value with its path ({@code tiers.starter.cpu-time})
     */
    public static TierDefaults withOverrides(Map<Tier, LimitOverrides> overrides) {
        TierDefaults base = builtIn();
        Map<Tier, TierProfile> table = new EnumMap<>(base.profiles);
        List<Problem> problems = new ArrayList<>();
        overrides.forEach((tier, o) -> {
            try {
                table.put(tier, o.applyTo(base.profile(tier), "tiers." + tier.id()));
            } catch (ConfigurationException e) {
                problems.addAll(e.problems());
            }
        });
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return new TierDefaults(table);
    }

    /** {@return the limits and priority of {@code tier}} */
    public TierProfile profile(Tier tier) {
        return profiles.get(tier);
    }

    private static TierProfile profile(long perMinute, long burst, Duration cpu, Duration wall, long memory,
                                       int concurrent, int queued, Duration queueTimeout, long daily, long monthly,
                                       long storageBytes, long storageObjects, long objectSize, long resultSize,
                                       long consoleBytes, long statements, int stackDepth, Priority priority) {
        return new TierProfile(new TenantLimits(
                new TenantLimits.RateLimit(perMinute, burst, Map.of()),
                new TenantLimits.RequestLimits(daily, monthly, concurrent, queued, queueTimeout),
                new TenantLimits.ExecutionLimits(cpu, wall, memory, statements, stackDepth, consoleBytes, resultSize),
                new TenantLimits.StorageLimit(storageBytes, storageObjects, objectSize),
                TenantLimits.Thresholds.defaults()), priority);
    }
}
