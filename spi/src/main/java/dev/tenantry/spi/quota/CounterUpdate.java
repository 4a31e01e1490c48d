package dev.tenantry.spi.quota;

import java.util.Map;
import java.util.Objects;

/** The result of {@link QuotaStateStore#tryIncrement}: applied to every counter, or to none. */
public sealed interface CounterUpdate {

    /**
     * Every counter was incremented.
     *
     * @param values each counter's value after the increment
     */
    record Applied(Map<CounterKey, Long> values) implements CounterUpdate {
        /** Copies the values. */
        public Applied {
            values = Map.copyOf(values);
        }
    }

    /**
     * No counter was changed, because this one would have passed its limit.
     *
     * @param counter the counter that would have passed its limit
     * @param current its value now
     */
    record Exceeded(CounterLimit counter, long current) implements CounterUpdate {
        /** Validates that the counter is not null. */
        public Exceeded {
            Objects.requireNonNull(counter, "counter");
        }
    }
}
