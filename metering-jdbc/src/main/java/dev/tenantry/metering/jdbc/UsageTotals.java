package dev.tenantry.metering.jdbc;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.metering.UsageEvent;
import dev.tenantry.spi.metering.UsageKind;
import dev.tenantry.spi.metering.UsageSummary;

import java.math.BigDecimal;
import java.time.Instant;

/** Sums of every meter, as the rollup tables hold them: a value, so partial sums add up exactly. */
record UsageTotals(long executions, long cpuNanos, long wallNanos, BigDecimal memoryMbSeconds, long apiCalls,
                   long allocatedBytes, BigDecimal storageByteHours) {

    static final UsageTotals ZERO = new UsageTotals(0, 0, 0, BigDecimal.ZERO, 0, 0, BigDecimal.ZERO);

    static UsageTotals of(UsageEvent e) {
        return new UsageTotals(e.kind() == UsageKind.EXECUTION ? 1 : 0, e.usage().cpuNanos(), e.usage().wallNanos(),
                e.usage().memoryMbSeconds(), e.usage().apiCalls(), e.usage().allocatedBytes(), e.storageByteHours());
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
