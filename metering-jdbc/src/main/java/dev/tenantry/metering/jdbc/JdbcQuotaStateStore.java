package dev.tenantry.metering.jdbc;

import dev.tenantry.spi.quota.CounterKey;
import dev.tenantry.spi.quota.CounterLimit;
import dev.tenantry.spi.quota.CounterUpdate;
import dev.tenantry.spi.quota.QuotaStateStore;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import static dev.tenantry.metering.jdbc.schema.Tables.QUOTA_COUNTER;

/**
 * The {@link QuotaStateStore} on JDBC, so daily and monthly counters survive restarts and hold across the
 * nodes sharing the database. An increment locks its counters' rows (in one global order, so concurrent
 * increments cannot deadlock), checks every limit, then updates all or none. Thread-safe.
 */
public final class JdbcQuotaStateStore implements QuotaStateStore {
    private static final Comparator<CounterKey> LOCK_ORDER = Comparator.comparing((CounterKey k) -> k.tenant().value())
            .thenComparing(CounterKey::name).thenComparing(CounterKey::windowStart);

    private final JdbcDatabase db;

    /** @param db the database, migrated */
    public JdbcQuotaStateStore(JdbcDatabase db) {
        this.db = db;
    }

    @Override
    public CounterUpdate tryIncrement(List<CounterLimit> counters, long delta) {
        if (counters.isEmpty()) {
            throw new IllegalArgumentException("at least one counter is needed");
        }
        if (delta < 1) {
            throw new IllegalArgumentException("delta must be at least 1, was " + delta);
        }
        return db.transaction(dsl -> {
            TreeSet<CounterKey> keys = new TreeSet<>(LOCK_ORDER);
            counters.forEach(c -> keys.add(c.key()));
            Map<CounterKey, Long> values = new HashMap<>();
            for (CounterKey k : keys) {
                values.put(k, lock(dsl, k));
            }
            for (CounterLimit c : counters) {
                long current = values.get(c.key());
                if (current + delta > c.limit()) {
                    return new CounterUpdate.Exceeded(c, current);
                }
            }
            Map<CounterKey, Long> after = new LinkedHashMap<>();
            for (CounterKey k : keys) {
                long v = values.get(k) + delta;
                dsl.update(QUOTA_COUNTER).set(QUOTA_COUNTER.COUNTER_VALUE, v).where(is(k)).execute();
                after.put(k, v);
            }
            return new CounterUpdate.Applied(after);
        });
    }

    @Override
    public void decrement(Collection<CounterKey> counters, long delta) {
        if (delta < 1) {
            throw new IllegalArgumentException("delta must be at least 1, was " + delta);
        }
        TreeSet<CounterKey> keys = new TreeSet<>(LOCK_ORDER);
        keys.addAll(counters);
        db.transaction(dsl -> {
            for (CounterKey k : keys) {
                dsl.update(QUOTA_COUNTER)
                        .set(QUOTA_COUNTER.COUNTER_VALUE, org.jooq.impl.DSL.greatest(
                                QUOTA_COUNTER.COUNTER_VALUE.minus(delta), org.jooq.impl.DSL.inline(0L)))
                        .where(is(k)).execute();
            }
            return null;
        });
    }

    @Override
    public long get(CounterKey counter) {
        return db.dsl().select(QUOTA_COUNTER.COUNTER_VALUE).from(QUOTA_COUNTER).where(is(counter))
                .fetchOptional(QUOTA_COUNTER.COUNTER_VALUE).orElse(0L);
    }

    @Override
    public long purgeBefore(Instant cutoff) {
        return db.dsl().deleteFrom(QUOTA_COUNTER).where(QUOTA_COUNTER.WINDOW_START.lt(Nanos.of(cutoff))).execute();
    }

    @Override
    public void close() {
        // The pool is shared and closed by the platform.
    }

    /** Locks the counter's row, creating it at zero first if it does not exist, and returns its value. */
    private static long lock(DSLContext dsl, CounterKey k) {
        for (int attempt = 0; ; attempt++) {
            Optional<Long> v = dsl.select(QUOTA_COUNTER.COUNTER_VALUE).from(QUOTA_COUNTER).where(is(k)).forUpdate()
                    .fetchOptional(QUOTA_COUNTER.COUNTER_VALUE);
            if (v.isPresent()) {
                return v.get();
            }
            try {
                dsl.insertInto(QUOTA_COUNTER).set(QUOTA_COUNTER.TENANT_ID, k.tenant().value())
                        .set(QUOTA_COUNTER.COUNTER_NAME, k.name()).set(QUOTA_COUNTER.WINDOW_START, Nanos.of(k.windowStart()))
                        .set(QUOTA_COUNTER.COUNTER_VALUE, 0L).onDuplicateKeyIgnore().execute();
            } catch (DataAccessException e) {
                if (!JdbcDatabase.isDuplicateKey(e) || attempt > 3) {
                    throw e;
                }
            }
        }
    }

    private static Condition is(CounterKey k) {
        return QUOTA_COUNTER.TENANT_ID.eq(k.tenant().value()).and(QUOTA_COUNTER.COUNTER_NAME.eq(k.name()))
                .and(QUOTA_COUNTER.WINDOW_START.eq(Nanos.of(k.windowStart())));
    }
}
