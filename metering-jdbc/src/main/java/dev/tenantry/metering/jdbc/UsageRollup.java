package dev.tenantry.metering.jdbc;

import dev.tenantry.spi.metering.Granularity;
import dev.tenantry.spi.metering.UsageEvent;
import org.jooq.BatchBindStep;
import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.tenantry.metering.jdbc.schema.Tables.USAGE_DAILY;
import static dev.tenantry.metering.jdbc.schema.Tables.USAGE_EVENT;
import static dev.tenantry.metering.jdbc.schema.Tables.USAGE_HOURLY;

/**
 * Adds committed raw usage events to the hourly and daily rollups, after the group commit acknowledged them.
 * An event counts in the rollups exactly when its {@code rolled_up} flag is set, and the flag is set in the
 * same transaction that adds the event to the rollups, so a crash anywhere leaves every event counted once:
 * either in the rollups, or still pending and read from the raw table by {@link UsageQueries}.
 *
 * <p>Safe to run from several threads or nodes at once. On MySQL and MariaDB each reads its events with a
 * locking read that passes over the rows another roller holds ({@code FOR UPDATE SKIP LOCKED}), so rollers
 * share a backlog instead of all reading its first rows. Each then claims what it read with a conditional
 * update and gives up the batch (to try again later) if another got any of them first; with the locking read
 * that cannot happen on MySQL and MariaDB, and H2 commits roll up their own events.
 */
final class UsageRollup {
    /** The most events one rollup transaction claims by default; bounds the {@code IN} list of the claim. */
    static final int MAX_BATCH = 4_000;
    /** What {@link #rollUpOnce()} returns when another roller claimed some of the events it read. */
    static final int LOST_CLAIM = -1;

    private record BucketKey(String tenant, long bucketStart) implements Comparable<BucketKey> {
        @Override
        public int compareTo(BucketKey o) {
            int c = tenant.compareTo(o.tenant);
            return c != 0 ? c : Long.compare(bucketStart, o.bucketStart);
        }
    }

    /** Another roller claimed some of the events read: roll the transaction back and read again. */
    private static final class LostClaim extends RuntimeException {
        LostClaim() {
            super(null, null, false, false);
        }
    }

    private final JdbcDatabase db;
    private final int maxBatch;
    /**
     * MySQL or MariaDB: the pending events are read through a forced index hint, and with {@code FOR UPDATE
     * SKIP LOCKED} (MySQL 8 and MariaDB 10.6 on).
     */
    private final boolean mysqlFamily;

    UsageRollup(JdbcDatabase db) {
        this(db, MAX_BATCH);
    }

    UsageRollup(JdbcDatabase db, int maxBatch) {
        this.db = db;
        this.maxBatch = maxBatch;
        SQLDialect family = db.dialect().family();
        this.mysqlFamily = family == SQLDialect.MYSQL || family == SQLDialect.MARIADB;
    }

    /**
     * Rolls up at most {@link #maxBatch()} pending events in one transaction.
     *
     * @return how many events it rolled up (fewer than {@link #maxBatch()}: it found no more pending), or
     *     {@link #LOST_CLAIM} when another roller claimed some of them first
     */
    int rollUpOnce() {
        try {
            // READ COMMITTED: the claim then locks only the claimed rows, not the gaps of the pending index
            // where the group commit keeps inserting, so rolling up never stalls a commit.
            return db.transaction(Connection.TRANSACTION_READ_COMMITTED, this::rollUp);
        } catch (LostClaim e) {
            return LOST_CLAIM;
        }
    }

    /** {@return how many committed events are not rolled up yet} */
    long pending() {
        return db.dsl().fetchCount(pendingEvents(), USAGE_EVENT.ROLLED_UP.eq(false));
    }

    /** Rolls up until no pending event is left, or fewer than a full batch were found (writers still run). */
    long rollUpPending() {
        long total = 0;
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int n = Math.max(0, rollUpOnce());
            total += n;
            if (n < maxBatch && !anyPending()) {
                break;
            }
        }
        return total;
    }

    /** {@return the most events one rollup transaction claims} */
    int maxBatch() {
        return maxBatch;
    }

    private boolean anyPending() {
        return db.dsl().fetchExists(pendingEvents(), USAGE_EVENT.ROLLED_UP.eq(false));
    }

    private Table<?> pendingEvents() {
        // Without the hint MariaDB estimates half the rows per flag value and may scan the whole table.
        return mysqlFamily ? USAGE_EVENT.forceIndex("ix_usage_event_pending") : USAGE_EVENT;
    }

    private int rollUp(DSLContext dsl) {
        var read = dsl.select(USAGE_EVENT.EVENT_ID, USAGE_EVENT.TENANT_ID,
                        USAGE_EVENT.OCCURRED_AT, USAGE_EVENT.KIND, USAGE_EVENT.CPU_NANOS, USAGE_EVENT.WALL_NANOS,
                        USAGE_EVENT.MEMORY_MB_SECONDS, USAGE_EVENT.API_CALLS, USAGE_EVENT.ALLOCATED_BYTES,
                        USAGE_EVENT.STORAGE_BYTE_HOURS)
                .from(pendingEvents())
                .where(USAGE_EVENT.ROLLED_UP.eq(false))
                .limit(maxBatch);
        // The lock is held until this transaction ends, so another roller's read passes over these rows and
        // takes the next ones. At READ COMMITTED it locks only the rows read, not the gaps where the group
        // commit inserts.
        List<? extends Record> pending = (mysqlFamily ? read.forUpdate().skipLocked() : read).fetch();
        if (pending.isEmpty()) {
            return 0;
        }
        List<byte[]> ids = new ArrayList<>(pending.size());
        Map<BucketKey, UsageTotals> hours = new TreeMap<>();
        Map<BucketKey, UsageTotals> days = new TreeMap<>();
        for (Record r : pending) {
            ids.add(r.get(USAGE_EVENT.EVENT_ID));
            bucket(hours, days, r.get(USAGE_EVENT.TENANT_ID), Nanos.toInstant(r.get(USAGE_EVENT.OCCURRED_AT)),
                    UsageTotals.ofEventRow(r));
        }
        // The claim: only rows still pending are flipped. Fewer than read means another roller got some of
        // them first; adding ours too would count those twice.
        int claimed = dsl.update(USAGE_EVENT).set(USAGE_EVENT.ROLLED_UP, true)
                .where(USAGE_EVENT.EVENT_ID.in(ids)).and(USAGE_EVENT.ROLLED_UP.eq(false))
                .execute();
        if (claimed != pending.size()) {
            throw new LostClaim();
        }
        // Sorted keys: every roller locks rollup rows in the same order, so two nodes cannot deadlock on them.
        upsert(dsl, USAGE_HOURLY, hours);
        upsert(dsl, USAGE_DAILY, days);
        return pending.size();
    }

    /**
     * Adds {@code events} to the rollups in the caller's transaction; for writers that insert events already
     * marked as rolled up (H2, see {@link UsageWriter}).
     */
    static void addToRollups(DSLContext dsl, Collection<UsageEvent> events) {
        Map<BucketKey, UsageTotals> hours = new TreeMap<>();
        Map<BucketKey, UsageTotals> days = new TreeMap<>();
        for (UsageEvent e : events) {
            bucket(hours, days, e.tenant().value(), e.occurredAt(), UsageTotals.of(e));
        }
        if (!hours.isEmpty()) {
            upsert(dsl, USAGE_HOURLY, hours);
            upsert(dsl, USAGE_DAILY, days);
        }
    }

    private static void bucket(Map<BucketKey, UsageTotals> hours, Map<BucketKey, UsageTotals> days, String tenant,
                               Instant at, UsageTotals t) {
        hours.merge(new BucketKey(tenant, Nanos.of(Granularity.HOUR.bucketStart(at))), t, UsageTotals::plus);
        days.merge(new BucketKey(tenant, Nanos.of(Granularity.DAY.bucketStart(at))), t, UsageTotals::plus);
    }

    /**
     * {@return a bind position typed as the table's own column (precision and scale included: a bare
     * {@code NUMERIC} placeholder rounds to whole numbers on H2), for a statement run as a batch}
     */
    @SuppressWarnings("unchecked")
    private static <T> Field<T> slot(Table<?> table, Field<T> column) {
        return DSL.val(null, (DataType<T>) table.field(column.getName()).getDataType());
    }

    /**
     * Adds the totals to their rollup rows, creating missing rows. On MySQL and MariaDB that is one multi-row
     * {@code INSERT ... ON DUPLICATE KEY UPDATE}. H2 gets two prepared statements run as JDBC batches instead,
     * an {@code UPDATE} of every row and an {@code INSERT} of those that did not exist: jOOQ emulates an upsert
     * on H2 as a {@code MERGE} over a derived table, which H2 parsed and planned for every row (most of the
     * writer's CPU under load, profiled), and whose multi-row form it parses recursively (a batch of 4,000
     * overflowed the stack). H2 commits take turns ({@link UsageWriter}); an insert that races another
     * transaction fails on the primary key and its transaction is retried.
     */
    private static void upsert(DSLContext dsl, Table<?> table, Map<BucketKey, UsageTotals> rows) {
        Field<String> tenant = table.field("tenant_id", String.class);
        Field<Long> bucket = table.field("bucket_start", Long.class);
        Field<Long> executions = table.field("executions", Long.class);
        Field<Long> cpu = table.field("cpu_nanos", Long.class);
        Field<Long> wall = table.field("wall_nanos", Long.class);
        Field<BigDecimal> memory = table.field("memory_mb_seconds", BigDecimal.class);
        Field<Long> api = table.field("api_calls", Long.class);
        Field<Long> allocated = table.field("allocated_bytes", Long.class);
        Field<BigDecimal> storage = table.field("storage_byte_hours", BigDecimal.class);
        if (dsl.dialect().family() == SQLDialect.H2) {
            List<Map.Entry<BucketKey, UsageTotals>> entries = new ArrayList<>(rows.entrySet());
            // The values here only mark the bind positions; each row binds its own in the same order.
            // Typed as the column, or a value binds with the type of the placeholder's own value.
            BatchBindStep update = dsl.batch(dsl.update(table)
                    .set(executions, executions.plus(slot(table, executions))).set(cpu, cpu.plus(slot(table, cpu)))
                    .set(wall, wall.plus(slot(table, wall))).set(memory, memory.plus(slot(table, memory)))
                    .set(api, api.plus(slot(table, api))).set(allocated, allocated.plus(slot(table, allocated)))
                    .set(storage, storage.plus(slot(table, storage)))
                    .where(tenant.eq(slot(table, tenant))).and(bucket.eq(slot(table, bucket))));
            for (Map.Entry<BucketKey, UsageTotals> e : entries) {
                UsageTotals t = e.getValue();
                update = update.bind(t.executions(), t.cpuNanos(), t.wallNanos(), t.memoryMbSeconds(), t.apiCalls(),
                        t.allocatedBytes(), t.storageByteHours(), e.getKey().tenant, e.getKey().bucketStart);
            }
            int[] updated = update.execute();
            BatchBindStep insert = dsl.batch(dsl.insertInto(table, tenant, bucket, executions, cpu, wall, memory, api,
                    allocated, storage).values(slot(table, tenant), slot(table, bucket), slot(table, executions), slot(table, cpu), slot(table, wall),
                    slot(table, memory), slot(table, api), slot(table, allocated), slot(table, storage)));
            int missing = 0;
            for (int i = 0; i < updated.length; i++) {
                if (updated[i] == 0) {
                    BucketKey k = entries.get(i).getKey();
                    UsageTotals t = entries.get(i).getValue();
                    insert = insert.bind(k.tenant, k.bucketStart, t.executions(), t.cpuNanos(), t.wallNanos(),
                            t.memoryMbSeconds(), t.apiCalls(), t.allocatedBytes(), t.storageByteHours());
                    missing++;
                }
            }
            if (missing > 0) {
                insert.execute();
            }
            return;
        }
        var insert = dsl.insertInto(table, tenant, bucket, executions, cpu, wall, memory, api, allocated, storage);
        for (Map.Entry<BucketKey, UsageTotals> e : rows.entrySet()) {
            UsageTotals t = e.getValue();
            insert = insert.values(e.getKey().tenant, e.getKey().bucketStart, t.executions(), t.cpuNanos(),
                    t.wallNanos(), t.memoryMbSeconds(), t.apiCalls(), t.allocatedBytes(), t.storageByteHours());
        }
        insert.onDuplicateKeyUpdate()
                .set(executions, executions.plus(DSL.excluded(executions)))
                .set(cpu, cpu.plus(DSL.excluded(cpu)))
                .set(wall, wall.plus(DSL.excluded(wall)))
                .set(memory, memory.plus(DSL.excluded(memory)))
                .set(api, api.plus(DSL.excluded(api)))
                .set(allocated, allocated.plus(DSL.excluded(allocated)))
                .set(storage, storage.plus(DSL.excluded(storage)))
                .execute();
    }
}
