package dev.tenantry.core.admission;

import dev.tenantry.spi.quota.CounterKey;
import dev.tenantry.spi.quota.CounterLimit;
import dev.tenantry.spi.quota.CounterUpdate;
import dev.tenantry.spi.quota.QuotaStateStore;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Quota counters in the memory of one node: the embedded default. They do not survive a restart of the
 * process; a deployment that needs that, or several nodes, uses a database-backed store.
 *
 * <p>Thread-safe: every method holds the store's lock, which makes {@link #tryIncrement} atomic across the
 * counters it names. An increment touches a handful of map entries, so one lock does not limit throughput
 * before the rest of an execution does.
 */
public final class MemoryQuotaStateStore implements QuotaStateStore {
    private final Map<CounterKey, Long> counters = new HashMap<>();

    /** Creates an empty store. */
    public MemoryQuotaStateStore() {
    }

    @Override
    public synchronized CounterUpdate tryIncrement(List<CounterLimit> limits, long delta) {
        if (limits.isEmpty()) {
            throw new IllegalArgumentException("at least one counter is needed");
        }
        if (delta < 1) {
            throw new IllegalArgumentException("delta must be at least 1, was " + delta);
        }
        for (CounterLimit limit : limits) {
            long current = counters.getOrDefault(limit.key(), 0L);
            if (current > limit.limit() - delta) {
                return new CounterUpdate.Exceeded(limit, current);
            }
        }
        Map<CounterKey, Long> values = new LinkedHashMap<>();
        for (CounterLimit limit : limits) {
            values.put(limit.key(), counters.merge(limit.key(), delta, Long::sum));
        }
        return new CounterUpdate.Applied(values);
    }

    @Override
    public synchronized void decrement(Collection<CounterKey> keys, long delta) {
        if (delta < 1) {
            throw new IllegalArgumentException("delta must be at least 1, was " + delta);
        }
        for (CounterKey key : keys) {
            counters.computeIfPresent(key, (k, v) -> v - delta > 0 ? v - delta : null);
        }
    }

    @Override
    public synchronized long get(CounterKey key) {
        return counters.getOrDefault(key, 0L);
    }

    @Override
    public synchronized long purgeBefore(Instant cutoff) {
        int before = counters.size();
        counters.keySet().removeIf(k -> k.windowStart().isBefore(cutoff));
        return before - counters.size();
    }

    @Override
    public synchronized void close() {
        counters.clear();
    }
}
