package dev.tenantry.metering.jdbc;

import dev.tenantry.metering.jdbc.schema.tables.records.UsageEventRecord;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.execution.ExecutionUsage;
import dev.tenantry.spi.metering.Granularity;
import dev.tenantry.spi.metering.UsageArchive;
import dev.tenantry.spi.metering.UsageEvent;
import dev.tenantry.spi.metering.UsageHistory;
import dev.tenantry.spi.metering.UsageKind;
import dev.tenantry.spi.metering.UsageSummary;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.exception.DataAccessException;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static dev.tenantry.metering.jdbc.schema.Tables.USAGE_DAILY;
import static dev.tenantry.metering.jdbc.schema.Tables.USAGE_EVENT;
import static dev.tenantry.metering.jdbc.schema.Tables.USAGE_HOURLY;

/**
 * The {@link UsageHistory} of the {@code jdbc} usage store: the tenant's rows of {@code usage_event},
 * {@code usage_hourly} and {@code usage_daily} read in one transaction at {@code REPEATABLE READ} (one
 * consistent snapshot), and written in one. The archive's
 * rollups include events the background rollup has not reached yet; restored events are written as already
 * rolled up ({@code rolled_up} true), beside the restored rollups, and not through the
 * group-commit writer, so nothing is counted twice. Thread-safe.
 */
final class JdbcUsageHistory implements UsageHistory {

    private final JdbcDatabase db;

    JdbcUsageHistory(JdbcDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public UsageArchive read(TenantId tenant) {
        Objects.requireNonNull(tenant, "tenant");
        // One snapshot: a rollup committing between two of these reads would otherwise put its events in the
        // archive's rollups twice (once from the rollup rows, once as pending) or leave hourly and daily apart.
        // The server's default level may be READ COMMITTED, which gives each statement its own snapshot.
        return db.transaction(Connection.TRANSACTION_REPEATABLE_READ, dsl -> {
            String id = tenant.value();
            List<UsageEvent> events = new ArrayList<>();
            for (UsageEventRecord r : dsl.selectFrom(USAGE_EVENT).where(USAGE_EVENT.TENANT_ID.eq(id))
                    .orderBy(USAGE_EVENT.OCCURRED_AT, USAGE_EVENT.EVENT_ID)) {
                events.add(event(r, tenant));
            }
            // Events the background rollup has not reached yet count in no rollup row; the archive's rollups
            // hold all usage, so they are added here, as the store's own readers add them.
            List<UsageEvent> pending = new ArrayList<>();
            for (UsageEventRecord r : dsl.selectFrom(USAGE_EVENT).where(USAGE_EVENT.TENANT_ID.eq(id))
                    .and(USAGE_EVENT.ROLLED_UP.eq(false))) {
                pending.add(event(r, tenant));
            }
            return new UsageArchive(tenant, events,
                    withPending(rollups(dsl, USAGE_HOURLY, USAGE_HOURLY.TENANT_ID, USAGE_HOURLY.BUCKET_START, tenant,
                            Granularity.HOUR), pending, tenant, Granularity.HOUR),
                    withPending(rollups(dsl, USAGE_DAILY, USAGE_DAILY.TENANT_ID, USAGE_DAILY.BUCKET_START, tenant,
                            Granularity.DAY), pending, tenant, Granularity.DAY));
        });
    }

    private static UsageEvent event(UsageEventRecord r, TenantId tenant) {
        return new UsageEvent(new String(r.getEventId(), StandardCharsets.UTF_8), tenant,
                Nanos.toInstant(r.getOccurredAt()), UsageKind.valueOf(r.getKind()), r.getOperation(), r.getOutcome(),
                new ExecutionUsage(r.getCpuNanos(), r.getWallNanos(), r.getAllocatedBytes(), r.getApiCalls(),
                        r.getOutputBytes(), r.getMemoryMbSeconds()),
                r.getStorageByteHours());
    }

    private static List<UsageSummary> withPending(List<UsageSummary> rolled, List<UsageEvent> pending, TenantId tenant,
                                                  Granularity granularity) {
        if (pending.isEmpty()) {
            return rolled;
        }
        java.util.TreeMap<Instant, UsageSummary> buckets = new java.util.TreeMap<>();
        rolled.forEach(s -> buckets.put(s.from(), s));
        for (UsageEvent e : pending) {
            Instant start = granularity.bucketStart(e.occurredAt());
            UsageSummary one = new UsageSummary(tenant, start, granularity.next(start),
                    e.kind() == UsageKind.EXECUTION ? 1 : 0, e.usage().cpuNanos(), e.usage().wallNanos(),
                    e.usage().memoryMbSeconds(), e.usage().apiCalls(), e.usage().allocatedBytes(), e.storageByteHours());
            buckets.merge(start, one, UsageSummary::plus);
        }
        return List.copyOf(buckets.values());
    }

    private static List<UsageSummary> rollups(DSLContext dsl, Table<?> table, TableField<?, String> tenantField,
                                              TableField<?, Long> bucket, TenantId tenant, Granularity granularity) {
        List<UsageSummary> rows = new ArrayList<>();
        for (Record r : dsl.selectFrom(table).where(tenantField.eq(tenant.value())).orderBy(bucket)) {
            Instant start = Nanos.toInstant(r.get("bucket_start", Long.class));
            rows.add(new UsageSummary(tenant, start, granularity.next(start), r.get("executions", Long.class),
                    r.get("cpu_nanos", Long.class), r.get("wall_nanos", Long.class),
                    r.get("memory_mb_seconds", BigDecimal.class), r.get("api_calls", Long.class),
                    r.get("allocated_bytes", Long.class), r.get("storage_byte_hours", BigDecimal.class)));
        }
        return rows;
    }

    @Override
    public void restore(UsageArchive archive) {
        Objects.requireNonNull(archive, "archive");
        String v = archive.tenant().value();
        db.transaction(dsl -> {
            if (dsl.fetchExists(USAGE_EVENT, USAGE_EVENT.TENANT_ID.eq(v))
                    || dsl.fetchExists(USAGE_HOURLY, USAGE_HOURLY.TENANT_ID.eq(v))
                    || dsl.fetchExists(USAGE_DAILY, USAGE_DAILY.TENANT_ID.eq(v))) {
                throw new IllegalStateException("the usage store already holds usage of tenant " + v);
            }
            for (UsageEvent e : archive.events()) {
                try {
                    dsl.insertInto(USAGE_EVENT)
                            .set(USAGE_EVENT.EVENT_ID, e.eventId().getBytes(StandardCharsets.UTF_8))
                            .set(USAGE_EVENT.TENANT_ID, v).set(USAGE_EVENT.OCCURRED_AT, Nanos.of(e.occurredAt()))
                            .set(USAGE_EVENT.KIND, e.kind().name())
                            .set(USAGE_EVENT.OPERATION, e.operation()).set(USAGE_EVENT.OUTCOME, e.outcome())
                            .set(USAGE_EVENT.CPU_NANOS, e.usage().cpuNanos())
                            .set(USAGE_EVENT.WALL_NANOS, e.usage().wallNanos())
                            .set(USAGE_EVENT.ALLOCATED_BYTES, e.usage().allocatedBytes())
                            .set(USAGE_EVENT.API_CALLS, e.usage().apiCalls())
                            .set(USAGE_EVENT.OUTPUT_BYTES, e.usage().outputBytes())
                            .set(USAGE_EVENT.MEMORY_MB_SECONDS, e.usage().memoryMbSeconds())
                            .set(USAGE_EVENT.STORAGE_BYTE_HOURS, e.storageByteHours())
                            .set(USAGE_EVENT.ROLLED_UP, true)
                            .execute();
                } catch (DataAccessException ex) {
                    if (JdbcDatabase.isDuplicateKey(ex)) {
                        throw new IllegalArgumentException("usage event " + e.eventId()
                                + " already exists in this store", ex);
                    }
                    throw ex;
                }
            }
            for (UsageSummary s : archive.hourly()) {
                insertRollup(dsl, USAGE_HOURLY, v, s);
            }
            for (UsageSummary s : archive.daily()) {
                insertRollup(dsl, USAGE_DAILY, v, s);
            }
            return null;
        });
    }

    private static void insertRollup(DSLContext dsl, Table<?> table, String tenant, UsageSummary s) {
        dsl.insertInto(table)
                .set(table.field("tenant_id", String.class), tenant)
                .set(table.field("bucket_start", Long.class), Nanos.of(s.from()))
                .set(table.field("executions", Long.class), s.executions())
                .set(table.field("cpu_nanos", Long.class), s.cpuNanos())
                .set(table.field("wall_nanos", Long.class), s.wallNanos())
                .set(table.field("memory_mb_seconds", BigDecimal.class), s.memoryMbSeconds())
                .set(table.field("api_calls", Long.class), s.apiCalls())
                .set(table.field("allocated_bytes", Long.class), s.allocatedBytes())
                .set(table.field("storage_byte_hours", BigDecimal.class), s.storageByteHours())
                .execute();
    }
}
