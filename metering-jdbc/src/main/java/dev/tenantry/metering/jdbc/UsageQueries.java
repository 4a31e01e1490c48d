package dev.tenantry.metering.jdbc;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.metering.Granularity;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record9;
import org.jooq.Select;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.tenantry.metering.jdbc.schema.Tables.USAGE_DAILY;
import static dev.tenantry.metering.jdbc.schema.Tables.USAGE_EVENT;
import static dev.tenantry.metering.jdbc.schema.Tables.USAGE_HOURLY;

/**
 * Answers sums over a period from the cheapest tables that cover it exactly: whole UTC days from the daily
 * rollup, whole hours at the edges from the hourly rollup, and the sub-hour edges from raw events. A month for
 * one tenant therefore reads about 30 daily rows plus a few hourly ones, however many events it had. The
 * rollups lag the raw events a little ({@link UsageRollup}); the raw events not rolled up yet are added to
 * the rollup pieces, found through the index on {@code (rolled_up, tenant_id, occurred_at)}.
 * Sub-hour edges older than the raw-event retention read nothing (the raw events are gone).
 */
final class UsageQueries {

    /** Where a piece of a period is read from. */
    private enum Source { RAW, HOURLY, DAILY }

    private record Piece(Source source, Instant from, Instant to) {
    }

    /** One row of sums: a tenant, the start of the rollup bucket (or of the raw piece) and its totals. */
    record Row(TenantId tenant, Instant start, UsageTotals totals) {
    }

    private static final long NANOS_PER_HOUR = 3_600_000_000_000L;

    private final DSLContext dsl;
    private final boolean indexHints;

    UsageQueries(DSLContext dsl) {
        this.dsl = dsl;
        this.indexHints = dsl.dialect().family() == SQLDialect.MYSQL || dsl.dialect().family() == SQLDialect.MARIADB;
    }

    /**
     * {@return the sums of {@code [from, to)}}, per tenant, and per rollup bucket when {@code perBucket}; rows of
     * raw pieces carry the piece's start, which lies in the same hour as all of the piece.
     *
     * @param useDaily false when the caller needs hourly resolution
     */
    List<Row> rows(Optional<TenantId> tenant, Instant from, Instant to, boolean useDaily, boolean perBucket) {
        // One statement, so one consistent snapshot: a rollup committing between two statements would
        // otherwise move events from the pending part to the rollup part and count them twice or not at all.
        Select<Record9<String, Long, BigDecimal, BigDecimal, BigDecimal, BigDecimal, BigDecimal, BigDecimal, BigDecimal>> union =
                null;
        for (Piece p : pieces(from, to, useDaily)) {
            for (var part : selects(p, tenant, perBucket)) {
                union = union == null ? part : union.unionAll(part);
            }
        }
        if (union == null) {
            return List.of();
        }
        List<Row> rows = new ArrayList<>();
        for (Record r : dsl.fetch(union)) {
            UsageTotals totals = new UsageTotals(longOf(r.get(2)), longOf(r.get(3)), longOf(r.get(4)),
                    decimalOf(r.get(5)), longOf(r.get(6)), longOf(r.get(7)), decimalOf(r.get(8)));
            rows.add(new Row(TenantId.of(r.get(0, String.class)), Nanos.toInstant(longOf(r.get(1))), totals));
        }
        return rows;
    }

    private static List<Piece> pieces(Instant from, Instant to, boolean useDaily) {
        List<Piece> pieces = new ArrayList<>();
        Instant h0 = ceil(Granularity.HOUR, from);
        Instant h1 = Granularity.HOUR.bucketStart(to);
        if (!h0.isBefore(h1)) {
            add(pieces, Source.RAW, from, to);
            return pieces;
        }
        add(pieces, Source.RAW, from, h0);
        Instant d0 = ceil(Granularity.DAY, h0);
        Instant d1 = Granularity.DAY.bucketStart(h1);
        if (!useDaily || !d0.isBefore(d1)) {
            add(pieces, Source.HOURLY, h0, h1);
        } else {
            add(pieces, Source.HOURLY, h0, d0);
            add(pieces, Source.DAILY, d0, d1);
            add(pieces, Source.HOURLY, d1, h1);
        }
        add(pieces, Source.RAW, h1, to);
        return pieces;
    }

    private static void add(List<Piece> pieces, Source source, Instant from, Instant to) {
        if (from.isBefore(to)) {
            pieces.add(new Piece(source, from, to));
        }
    }

    private static Instant ceil(Granularity g, Instant t) {
        Instant start = g.bucketStart(t);
        return start.equals(t) ? t : g.next(start);
    }

    /**
     * {@return the selects that sum {@code piece}}: raw pieces read every raw event in them; rollup pieces read
     * the rollup rows plus the raw events not rolled up yet, which the rollup rows do not include.
     */
    private List<Select<Record9<String, Long, BigDecimal, BigDecimal, BigDecimal, BigDecimal, BigDecimal, BigDecimal, BigDecimal>>> selects(
            Piece piece, Optional<TenantId> tenant, boolean perBucket) {
        List<Select<Record9<String, Long, BigDecimal, BigDecimal, BigDecimal, BigDecimal, BigDecimal, BigDecimal, BigDecimal>>> selects =
                new ArrayList<>(2);
        if (piece.source == Source.RAW) {
            // MariaDB estimates rows per tenant from the average over all tenants, so for a tenant with
            // a million events it walks all of them by tenant alone (1 s measured) instead of the
            // (tenant, time) range (milliseconds). The hint makes it use the range.
            Table<?> table = !indexHints ? USAGE_EVENT : tenant.isPresent()
                    ? USAGE_EVENT.forceIndex("ix_usage_event_tenant_time")
                    : USAGE_EVENT.forceIndex("ix_usage_event_time");
            selects.add(raw(table, piece, tenant, DSL.noCondition(), DSL.inline(Nanos.of(piece.from)), true));
            return selects;
        }
        Table<?> rollup = piece.source == Source.HOURLY ? USAGE_HOURLY : USAGE_DAILY;
        Field<String> tenantField = rollup.field("tenant_id", String.class);
        Field<Long> bucket = rollup.field("bucket_start", Long.class);
        Condition where = bucket.ge(Nanos.of(piece.from)).and(bucket.lt(Nanos.of(piece.to)));
        if (tenant.isPresent()) {
            where = where.and(tenantField.eq(tenant.get().value()));
        }
        // A constant start is not grouped by: MySQL reads an integer in GROUP BY as a column position.
        Field<Long> start = perBucket ? bucket : DSL.inline(Nanos.of(piece.from));
        selects.add(dsl.select(tenantField, start,
                        DSL.sum(rollup.field("executions", Long.class)), DSL.sum(rollup.field("cpu_nanos", Long.class)),
                        DSL.sum(rollup.field("wall_nanos", Long.class)),
                        DSL.sum(rollup.field("memory_mb_seconds", BigDecimal.class)),
                        DSL.sum(rollup.field("api_calls", Long.class)),
                        DSL.sum(rollup.field("allocated_bytes", Long.class)),
                        DSL.sum(rollup.field("storage_byte_hours", BigDecimal.class)))
                .from(rollup).where(where).groupBy(perBucket ? List.of(tenantField, bucket) : List.of(tenantField)));
        // Pending events grouped by their UTC hour (hours divide days and months, so callers can regroup).
        // Times are nanoseconds since the epoch, and UTC hours start at multiples of an hour from it.
        Field<Long> hour = USAGE_EVENT.OCCURRED_AT.minus(USAGE_EVENT.OCCURRED_AT.mod(DSL.inline(NANOS_PER_HOUR)));
        Table<?> pending = indexHints ? USAGE_EVENT.forceIndex("ix_usage_event_pending") : USAGE_EVENT;
        selects.add(raw(pending, piece, tenant, USAGE_EVENT.ROLLED_UP.eq(false),
                perBucket ? hour : DSL.inline(Nanos.of(piece.from)), !perBucket));
        return selects;
    }

    private Select<Record9<String, Long, BigDecimal, BigDecimal, BigDecimal, BigDecimal, BigDecimal, BigDecimal, BigDecimal>> raw(
            Table<?> table, Piece piece, Optional<TenantId> tenant, Condition also,
                               Field<Long> start, boolean constant) {
        Field<Long> time = USAGE_EVENT.OCCURRED_AT;
        Condition where = time.ge(Nanos.of(piece.from)).and(time.lt(Nanos.of(piece.to))).and(also);
        if (tenant.isPresent()) {
            where = where.and(USAGE_EVENT.TENANT_ID.eq(tenant.get().value()));
        }
        Field<Long> executions = DSL.when(USAGE_EVENT.KIND.eq("EXECUTION"), DSL.inline(1L)).otherwise(DSL.inline(0L));
        return dsl.select(USAGE_EVENT.TENANT_ID, start, DSL.sum(executions), DSL.sum(USAGE_EVENT.CPU_NANOS),
                        DSL.sum(USAGE_EVENT.WALL_NANOS), DSL.sum(USAGE_EVENT.MEMORY_MB_SECONDS),
                        DSL.sum(USAGE_EVENT.API_CALLS), DSL.sum(USAGE_EVENT.ALLOCATED_BYTES),
                        DSL.sum(USAGE_EVENT.STORAGE_BYTE_HOURS))
                .from(table).where(where).groupBy(constant ? List.of(USAGE_EVENT.TENANT_ID)
                        : List.of(USAGE_EVENT.TENANT_ID, start));
    }

    private static long longOf(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }

    private static BigDecimal decimalOf(Object o) {
        if (o == null) {
            return BigDecimal.ZERO;
        }
        return o instanceof BigDecimal d ? d : new BigDecimal(o.toString());
    }
}
