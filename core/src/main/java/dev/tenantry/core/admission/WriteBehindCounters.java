package dev.tenantry.core.admission;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.quota.CounterKey;
import dev.tenantry.spi.quota.CounterLimit;
import dev.tenantry.spi.quota.CounterUpdate;
import dev.tenantry.spi.quota.QuotaStateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The window counters of one node, kept in memory and written to a shared store in the background.
 *
 * <p>A durable store commits every admission otherwise: on the embedded database that is a file write per
 * execution, taken under the tenant's admission lock, and it capped one tenant at a few dozen executions a
 * second. Here an admission is decided against the node's copy of the counters, and the changes of all tenants
 * go to the store together once per flush interval. What this gives up, and what the docs state:
 * <ul>
 *   <li>a process that dies loses the increments of its last interval: after the restart those executions do
 *       not count against the window (usage metering, which bills them, is not affected);</li>
 *   <li>nodes sharing the store see each other's admissions one interval late, so together they can pass a
 *       window's limit by what the other nodes admit in one interval.</li>
 * </ul>
 * A counter is read from the store when a node first needs it; after each flush the copy takes the store's
 * value (other nodes' admissions included) plus what was admitted here meanwhile, and copies untouched for a
 * whole interval are dropped.
 *
 * <p>Thread-safe: the counters of one call share a tenant, and each tenant's copies have their own lock.
 */
final class WriteBehindCounters implements QuotaStateStore {
    private static final Logger LOG = LoggerFactory.getLogger(WriteBehindCounters.class);

    private final QuotaStateStore store;
    private final Map<TenantId, TenantCounters> tenants = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher;
    private final Object flushing = new Object();

    /** One tenant's copies: the value this node counts with and what the store has not received yet. */
    private static final class TenantCounters {
        final Map<CounterKey, Long> values = new HashMap<>();
        final Map<CounterKey, Long> pending = new HashMap<>();
        boolean touched;
        /** Dropped from the map: a caller that locked it too late starts again with a fresh one. */
        boolean retired;
    }


    /**
     * @param store the shared store; not closed by this one (the platform owns it)
     * @param interval how often changes are written; positive
     */
    WriteBehindCounters(QuotaStateStore store, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the flush interval must be positive, was " + interval);
        }
        this.store = store;
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tenantry-quota-counters");
            t.setDaemon(true);
            return t;
        });
        long nanos = interval.toNanos();
        flusher.scheduleWithFixedDelay(this::flushQuietly, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public CounterUpdate tryIncrement(List<CounterLimit> limits, long delta) {
        if (limits.isEmpty()) {
            throw new IllegalArgumentException("at least one counter is needed");
        }
        if (delta < 1) {
            throw new IllegalArgumentException("delta must be at least 1, was " + delta);
        }
        TenantId tenant = limits.getFirst().key().tenant();
        for (CounterLimit limit : limits) {
            if (!limit.key().tenant().equals(tenant)) {
                throw new IllegalArgumentException("counters of one call must belong to one tenant");
            }
        }
        return locked(tenant, c -> {
            for (CounterLimit limit : limits) {
                long current = valueOf(c, limit.key());
                if (current > limit.limit() - delta) {
                    return new CounterUpdate.Exceeded(limit, current);
                }
            }
            Map<CounterKey, Long> values = new LinkedHashMap<>();
            for (CounterLimit limit : limits) {
                values.put(limit.key(), c.values.merge(limit.key(), delta, Long::sum));
                c.pending.merge(limit.key(), delta, Long::sum);
            }
            return new CounterUpdate.Applied(values);
        });
    }

    private <R> R locked(TenantId tenant, Function<TenantCounters, R> action) {
        while (true) {
            TenantCounters c = tenants.computeIfAbsent(tenant, t -> new TenantCounters());
            synchronized (c) {
                if (!c.retired) {
                    c.touched = true;
                    return action.apply(c);
                }
            }
        }
    }

    @Override
    public void decrement(Collection<CounterKey> keys, long delta) {
        if (delta < 1) {
            throw new IllegalArgumentException("delta must be at least 1, was " + delta);
        }
        for (CounterKey key : keys) {
            locked(key.tenant(), c -> {
                long current = valueOf(c, key);
                long refunded = Math.min(current, delta);
                c.values.put(key, current - refunded);
                c.pending.merge(key, -refunded, Long::sum);
                return null;
            });
        }
    }

    @Override
    public long get(CounterKey counter) {
        return locked(counter.tenant(), c -> valueOf(c, counter));
    }

    @Override
    public long purgeBefore(Instant cutoff) {
        flush();
        for (TenantCounters c : tenants.values()) {
            synchronized (c) {
                c.values.keySet().removeIf(k -> k.windowStart().isBefore(cutoff) && !c.pending.containsKey(k));
            }
        }
        return store.purgeBefore(cutoff);
    }

    /** Writes every pending change to the store now, then refreshes the copies from what the store returned. */
    void flush() {
        synchronized (flushing) {
            for (Map.Entry<TenantId, TenantCounters> e : tenants.entrySet()) {
                flushTenant(e.getKey(), e.getValue());
            }
        }
    }

    private void flushTenant(TenantId tenant, TenantCounters c) {
        Map<CounterKey, Long> sending;
        synchronized (c) {
            if (c.pending.isEmpty()) {
                if (!c.touched) {
                    c.retired = true;
                    tenants.remove(tenant, c);
                }
                c.touched = false;
                return;
            }
            sending = new HashMap<>(c.pending);
            c.pending.clear();
            c.touched = false;
        }
        Map<CounterKey, Long> stored = new HashMap<>();
        try {
            // Counters changed by the same amount (a day's and a month's) go in one call.
            Map<Long, List<CounterKey>> byDelta = new HashMap<>();
            sending.forEach((k, d) -> byDelta.computeIfAbsent(d, x -> new ArrayList<>()).add(k));
            for (Map.Entry<Long, List<CounterKey>> group : byDelta.entrySet()) {
                long d = group.getKey();
                if (d > 0) {
                    List<CounterLimit> unlimited = group.getValue().stream()
                            .map(k -> new CounterLimit(k, Long.MAX_VALUE)).toList();
                    stored.putAll(((CounterUpdate.Applied) store.tryIncrement(unlimited, d)).values());
                } else if (d < 0) {
                    store.decrement(group.getValue(), -d);
                }
            }
        } catch (RuntimeException ex) {
            // Kept for the next flush: a store that is down for a while loses nothing this node counted.
            synchronized (c) {
                sending.forEach((k, d) -> c.pending.merge(k, d, Long::sum));
            }
            throw ex;
        }
        synchronized (c) {
            // The store's value has every node's admissions up to now; what this node admitted since the
            // snapshot is still pending and comes on top.
            stored.forEach((k, v) -> c.values.put(k, v + c.pending.getOrDefault(k, 0L)));
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("quota counters could not be written to the store; retrying at the next interval: {}", e.toString());
        }
    }

    /** The node's copy, read from the store the first time. Called with {@code c} locked. */
    private long valueOf(TenantCounters c, CounterKey key) {
        Long v = c.values.get(key);
        if (v == null) {
            v = store.get(key);
            c.values.put(key, v);
        }
        return v;
    }

    /** Stops the background writes and writes what is pending; the store stays open. Idempotent. */
    @Override
    public void close() {
        flusher.shutdownNow();
        try {
            flusher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushQuietly();
    }
}
