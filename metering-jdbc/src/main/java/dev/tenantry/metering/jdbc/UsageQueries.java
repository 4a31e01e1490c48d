package dev.tenantry.metering.jdbc;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.metering.Granularity;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
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
 * one tenant therefore reads about 30 daily rows plus a few hourly ones, however many events it had.
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
        List<Row> rows = new ArrayList<>();
        for (Piece p : pieces(from, to, useDaily)) {
            rows.addAll(fetch(p, tenant, perBucket));
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

    private List<Row> fetch(Piece piece, Optional<TenantId> tenant, boolean perBucket) {
        Table<?> table;
        Field<String> tenantField;
        Field<Long> time;
        Field<Long> executions;
        Field<Long> cpu;
        Field<Long> wall;
        Field<BigDecimal> memory;
        Field<Long> api;
        Field<Long> allocated;
        Field<BigDecimal> storage;
        switch (piece.source) {
            case RAW -> {
                // MariaDB estimates rows per tenant from the average over all tenants, so for a tenant with
                // a million events it walks all of them by tenant alone (1 s measured) instead of the
                // (tenant, time) range (milliseconds). The hint makes it use the range.
                table = !indexHints ? USAGE_EVENT : tenant.isPresent()
                        ? USAGE_EVENT.forceIndex("ix_usage_event_tenant_time")
                        : USAGE_EVENT.forceIndex("ix_usage_event_time");
                tenantField = USAGE_EVENT.TENANT_ID;
                time = USAGE_EVENT.OCCURRED_AT;
                executions = DSL.when(USAGE_EVENT.KIND.eq("EXECUTION"), DSL.inline(1L)).otherwise(DSL.inline(0L));
                cpu = USAGE_EVENT.CPU_NANOS;
                wall = USAGE_EVENT.WALL_NANOS;
                memory = USAGE_EVENT.MEMORY_MB_SECONDS;
                api = USAGE_EVENT.API_CALLS;
                allocated = USAGE_EVENT.ALLOCATED_BYTES;
                storage = USAGE_EVENT.STORAGE_BYTE_HOURS;
            }
            case HOURLY -> {
                table = USAGE_HOURLY;
                tenantField = USAGE_HOURLY.TENANT_ID;
                time = USAGE_HOURLY.BUCKET_START;
                executions = USAGE_HOURLY.EXECUTIONS;
                cpu = USAGE_HOURLY.CPU_NANOS;
                wall = USAGE_HOURLY.WALL_NANOS;
                memory = USAGE_HOURLY.MEMORY_MB_SECONDS;
                api = USAGE_HOURLY.API_CALLS;
                allocated = USAGE_HOURLY.ALLOCATED_BYTES;
                storage = USAGE_HOURLY.STORAGE_BYTE_HOURS;
            }
            default -> {
                table = USAGE_DAILY;
                tenantField = USAGE_DAILY.TENANT_ID;
                time = USAGE_DAILY.BUCKET_START;
                executions = USAGE_DAILY.EXECUTIONS;
                cpu = USAGE_DAILY.CPU_NANOS;
                wall = USAGE_DAILY.WALL_NANOS;
                memory = USAGE_DAILY.MEMORY_MB_SECONDS;
                api = USAGE_DAILY.API_CALLS;
                allocated = USAGE_DAILY.ALLOCATED_BYTES;
                storage = USAGE_DAILY.STORAGE_BYTE_HOURS;
            }
        }
        boolean byBucket = perBucket && piece.source != Source.RAW;
        Condition where = time.ge(Nanos.of(piece.from)).and(time.lt(Nanos.of(piece.to)));
        if (tenant.isPresent()) {
            where = where.and(tenantField.eq(tenant.get().value()));
        }
        List<Field<?>> select = new ArrayList<>(List.of(tenantField,
                DSL.sum(executions), DSL.sum(cpu), DSL.sum(wall), DSL.sum(memory), DSL.sum(api), DSL.sum(allocated),
                DSL.sum(storage)));
        List<Field<?>> groupBy = new ArrayList<>(List.of(tenantField));
        if (byBucket) {
            select.add(time);
            groupBy.add(time);
        }
        List<Row> rows = new ArrayList<>();
        for (Record r : dsl.select(select).from(table).where(where).groupBy(groupBy).fetch()) {
            UsageTotals totals = new UsageTotals(longOf(r.get(1)), longOf(r.get(2)), longOf(r.get(3)),
                    decimalOf(r.get(4)), longOf(r.get(5)), longOf(r.get(6)), decimalOf(r.get(7)));
            Instant start = byBucket ? Nanos.toInstant(r.get(8, Long.class)) : piece.from;
            rows.add(new Row(TenantId.of(r.get(0, String.class)), start, totals));
        }
        return rows;
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
