package dev.tenantry.examples.scheduler.strict;

import dev.tenantry.spi.PluginConfig;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code scheduler} section as the strict-priority scheduler reads it.
 *
 * @param maxQueued {@code max-queued} (10000): tasks waiting in all; more are refused with {@code queue_full}
 * @param maxWorkerShare {@code max-worker-share} (0.5): the share of the workers one tenant may hold while
 *     another tenant has a task that could start
 * @param promoteAfter {@code promote-after} (2s): a task that has waited this long starts before any
 *     priority, oldest first, so that a flood of urgent work cannot starve the rest forever
 */
public record StrictPrioritySettings(int maxQueued, double maxWorkerShare, Duration promoteAfter) {

    private static final Set<String> KEYS = Set.of("provider", "max-queued", "max-worker-share", "promote-after");

    /** Validates the values. */
    public StrictPrioritySettings {
        if (maxQueued < 1) {
            throw new IllegalArgumentException("maxQueued must be at least 1, was " + maxQueued);
        }
        if (!(maxWorkerShare > 0 && maxWorkerShare <= 1)) {
            throw new IllegalArgumentException("maxWorkerShare must be in (0, 1], was " + maxWorkerShare);
        }
        Objects.requireNonNull(promoteAfter, "promoteAfter");
    }

    /**
     * Binds the section; {@code provider} is the platform's selector and is accepted and ignored.
     *
     * @throws dev.tenantry.spi.ConfigurationException naming the path of an unknown key or a bad value
     */
    public static StrictPrioritySettings bind(PluginConfig config) {
        config.requireOnly(KEYS);
        return new StrictPrioritySettings(
                config.integer("max-queued", 10_000, 1, Integer.MAX_VALUE),
                config.fraction("max-worker-share", 0.5, Double.MIN_VALUE, 1.0),
                config.duration("promote-after", Duration.ofSeconds(2)));
    }
}
