package dev.tenantry.core.pipeline;

import dev.tenantry.spi.tenant.Priority;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The weight the platform puts in each {@link dev.tenantry.spi.scheduling.ScheduledTask}: the scheduler
 * section's {@code weights.<priority>} where set, else {@link Priority#defaultWeight()}. Reading the same keys
 * the scheduler reads keeps one source of truth for weights.
 *
 * @param weights the weight of each priority; copied
 */
public record TaskWeights(Map<Priority, Integer> weights) {
    /** Copies the weights. */
    public TaskWeights {
        weights = Map.copyOf(weights);
    }

    /** {@return the default weights (1, 2, 4, 8)} */
    public static TaskWeights defaults() {
        return from(Map.of());
    }

    /**
     * {@return the weights set by {@code weights.<priority>} in a scheduler's settings}. A value that is not a
     * positive integer is left to the scheduler to reject with its path; the default weight stands for it here.
     */
    public static TaskWeights from(Map<String, String> schedulerSettings) {
        Map<Priority, Integer> weights = new EnumMap<>(Priority.class);
        for (Priority p : Priority.values()) {
            weights.put(p, parse(schedulerSettings.get("weights." + p.id())).orElse(p.defaultWeight()));
        }
        return new TaskWeights(weights);
    }

    /** {@return the weight of tasks of {@code priority}} */
    public int of(Priority priority) {
        return weights.getOrDefault(priority, priority.defaultWeight());
    }

    private static Optional<Integer> parse(String value) {
        try {
            return value == null ? Optional.empty() : Optional.of(Integer.parseInt(value.strip())).filter(w -> w >= 1);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
