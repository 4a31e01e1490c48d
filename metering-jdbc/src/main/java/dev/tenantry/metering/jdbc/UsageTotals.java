package dev.tenantry.metering.jdbc;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.metering.UsageEvent;
import dev.tenantry.spi.metering.UsageKind;
import dev.tenantry.spi.metering.UsageSummary;
import org.jooq.Record;

import java.math.BigDecimal;
import java.time.Instant;

import static dev.tenantry.metering.jdbc.schema.Tables.USAGE_EVENT;

/** Sums of every meter, as the rollup tables hold them: a value, so partial sums add up exactly. */
record UsageTotals(long executions, long cpuNanos, long wallNanos, BigDecimal memoryMbSeconds, long apiCalls,
                   long allocatedBytes, BigDecimal storageByteHours) {

    static final UsageTotals ZERO = new UsageTotals(0, 0, 0, BigDecimal.ZERO, 0, 0, BigDecimal.ZERO);

    static UsageTotals of(UsageEvent e) {
        return new UsageTotals(e.kind() == UsageKind.EXECUTION ? 1 : 0, e.usage().cpuNanos(), e.usage().wallNanos(),
                e.usage().memoryMbSeconds(), e.usage().apiCalls(), e.usage().allocatedBytes(), e.storageByteHours());
    }

    /** {@return the totals of one stored event}, read from {@code row}'s {@code usage_event} columns */
    static UsageTotals ofEventRow(Record row) {
        return new UsageTotals(UsageKind.EXECUTION.name().equals(row.get(USAGE_EVENT.KIND)) ? 1 : 0,
                row.get(USAGE_EVENT.CPU_NANOS), row.get(USAGE_EVENT.WALL_NANOS), row.get(USAGE_EVENT.MEMORY_MB_SECONDS),
                row.get(USAGE_EVENT.API_CALLS), row.get(USAGE_EVENT.ALLOCATED_BYTES),
                row.get(USAGE_EVENT.STORAGE_BYTE_HOURS));
    }

    UsageTotals plus(UsageTotals o) {
        return new UsageTotals(executions + o.executions, cpuNanos + o.cpuNanos, wallNanos + o.wallNanos,
                memoryMbSeconds.add(o.memoryMbSeconds), apiCalls + o.apiCalls, allocatedBytes + o.allocatedBytes,
                storageByteHours.add(o.storageByteHours));
    }

    UsageSummary toSummary(TenantId tenant, Instant from, Instant to) {
        return new UsageSummary(tenant, from, to, executions, cpuNanos, wallNanos, memoryMbSeconds, apiCalls,
                allocatedBytes, storageByteHours);
    }
}
