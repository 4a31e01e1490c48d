package dev.tenantry.scheduler.fair;

import dev.tenantry.spi.PluginConfig;
import dev.tenantry.spi.tenant.Priority;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The configuration shared by the three schedulers of this module, bound from the {@code scheduler} section.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code max-queued}</td><td>10000</td><td>tasks waiting in all, over every tenant; more are
 *       refused with {@code queue_full}</td></tr>
 *   <tr><td>{@code max-worker-share}</td><td>0.5</td><td>the share of the worker slots one tenant may hold
 *       while another tenant has a task that could run</td></tr>
 *   <tr><td>{@code fresh-turns}</td><td>4</td><td>{@code fair} only: how many turns (each as many dispatches
 *       as its weight) a tenant that was idle may use ahead of the backlogged tenants; 0 serves every tenant
 *       in one ring</td></tr>
 *   <tr><td>{@code weights.low}, {@code weights.normal}, {@code weights.high}, {@code weights.critical}</td>
 *       <td>unset</td><td>a weight that replaces the one the platform put in each task of that priority</td></tr>
 *   <tr><td>{@code provider}</td><td></td><td>the scheduler's name, read by the platform; accepted and ignored here</td></tr>
 * </table>
 *
 * <p>The platform derives {@link dev.tenantry.spi.scheduling.ScheduledTask#weight()} from the tenant's
 * priority (by default {@link Priority#defaultWeight()}); the schedulers use that weight unless a
 * {@code weights.*} key is set here, in which case the configured value wins for that priority.
 *
 * @param maxQueued the global queue bound; at least 1
 * @param maxWorkerShare the share of workers one tenant may hold while others wait; in (0, 1]
 * @param freshTurns how many turns a tenant that was idle may use ahead of backlogged ones ({@code fair}); at
 *     least 0
 * @param weights configured weights by priority; priorities absent use the task's own weight; copied
 */
public record SchedulerSettings(int maxQueued, double maxWorkerShare, int freshTurns, Map<Priority, Integer> weights) {

    /** The global queue bound when none is configured. */
    public static final int DEFAULT_MAX_QUEUED = 10_000;
    /** The seed's rule: no single tenant holds more than half of the workers while others wait. */
    public static final double DEFAULT_MAX_WORKER_SHARE = 0.5;
    /**
     * Turns a tenant back from idle takes ahead of the backlogged ones: at the default weight of 2 a turn is
     * two dispatches, so 4 turns let a burst of up to 8 executions (the seed's {@code maxConcurrent} is 5)
     * start ahead of a flood.
     */
    public static final int DEFAULT_FRESH_TURNS = 4;

    /** Validates the values and copies the weights. */
    public SchedulerSettings {
        if (maxQueued < 1) {
            throw new IllegalArgumentException("maxQueued must be at least 1, was " + maxQueued);
        }
        if (!(maxWorkerShare > 0 && maxWorkerShare <= 1)) {
            throw new IllegalArgumentException("maxWorkerShare must be in (0, 1], was " + maxWorkerShare);
        }
        if (freshTurns < 0) {
            throw new IllegalArgumentException("freshTurns must be at least 0, was " + freshTurns);
        }
        Objects.requireNonNull(weights, "weights");
        weights.forEach((p, w) -> {
            if (w < 1) {
                throw new IllegalArgumentException("weight of " + p + " must be at least 1, was " + w);
            }
        });
        weights = weights.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(weights));
    }

    /**
     * Settings with the default {@link #DEFAULT_FRESH_TURNS}.
     *
     * @param maxQueued the global queue bound; at least 1
     * @param maxWorkerShare the share of workers one tenant may hold while others wait; in (0, 1]
     * @param weights configured weights by priority; copied
     */
    public SchedulerSettings(int maxQueued, double maxWorkerShare, Map<Priority, Integer> weights) {
        this(maxQueued, maxWorkerShare, DEFAULT_FRESH_TURNS, weights);
    }

    /** {@return the defaults: 10000 queued, a worker share of 0.5, 4 fresh turns, the tasks' own weights} */
    public static SchedulerSettings defaults() {
        return new SchedulerSettings(DEFAULT_MAX_QUEUED, DEFAULT_MAX_WORKER_SHARE, DEFAULT_FRESH_TURNS, Map.of());
    }

    /**
     * Binds the configuration, rejecting unknown keys.
     *
     * @throws dev.tenantry.spi.ConfigurationException naming the path of every unknown or bad value
     */
    public static SchedulerSettings from(PluginConfig config) {
        // "provider" selects this scheduler in the same section; the platform reads it, this binding ignores it
        Set<String> known = new HashSet<>(Set.of("provider", "max-queued", "max-worker-share", "fresh-turns"));
        for (Priority p : Priority.values()) {
            known.add("weights." + p.id());
        }
        config.requireOnly(known);
        int maxQueued = config.integer("max-queued", DEFAULT_MAX_QUEUED, 1, Integer.MAX_VALUE);
        double share = config.fraction("max-worker-share", DEFAULT_MAX_WORKER_SHARE, 0.001, 1.0);
        int freshTurns = config.integer("fresh-turns", DEFAULT_FRESH_TURNS, 0, 1_000);
        Map<Priority, Integer> weights = new EnumMap<>(Priority.class);
        for (Priority p : Priority.values()) {
            String key = "weights." + p.id();
            if (config.get(key).isPresent()) {
                weights.put(p, config.integer(key, p.defaultWeight(), 1, 1_000_000));
            }
        }
        return new SchedulerSettings(maxQueued, share, freshTurns, weights);
    }

    /**
     * {@return how many workers one tenant may hold while another tenant waits}: the share of
     * {@code workerSlots}, rounded down, but at least 1 so that a tenant can always run.
     */
    public int workerCap(int workerSlots) {
        return Math.max(1, (int) Math.floor(maxWorkerShare * workerSlots + 1e-9));
    }

    /** {@return the weight a task of {@code priority} carrying {@code taskWeight} is scheduled with} */
    public int weightOf(Priority priority, int taskWeight) {
        Integer configured = weights.get(priority);
        return configured == null ? taskWeight : configured;
    }
}
