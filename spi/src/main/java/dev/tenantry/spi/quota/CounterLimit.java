package dev.tenantry.spi.quota;

import java.util.Objects;

/**
 * A counter and the value it must not exceed.
 *
 * @param key the counter
 * @param limit the largest value the counter may reach; at least 0
 */
public record CounterLimit(CounterKey key, long limit) {
    /** Validates the values. */
    public CounterLimit {
        Objects.requireNonNull(key, "key");
        if (limit < 0) {
            throw new IllegalArgumentException("limit cannot be negative");
        }
    }
}
