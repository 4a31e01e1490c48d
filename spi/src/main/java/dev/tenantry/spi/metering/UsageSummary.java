package dev.tenantry.spi.metering;

import dev.tenantry.spi.TenantId;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Objects;

/**
 * A tenant's usage aggregated over {@code [from, to)}.
 *
 * @param tenant the tenant
 * @param from start of the period, inclusive
 * @param to end of the period, exclusive
 * @param executions number of executions
 * @param cpuNanos CPU nanoseconds
 * @param wallNanos wall nanoseconds
 * @param memoryMbSeconds memory MiB-seconds, exact
 * @param apiCalls host API calls
 * @param allocatedBytes bytes allocated
 * @param storageByteHours stored byte-hours, exact
 */
public record UsageSummary(TenantId tenant, Instant from, Instant to, long executions, long cpuNanos, long wallNanos,
                           BigDecimal memoryMbSeconds, long apiCalls, long allocatedBytes,
                           BigDecimal storageByteHours) {

    private static final BigDecimal NANOS_PER_MILLI = BigDecimal.valueOf(1_000_000);
    private static final BigDecimal BYTES_PER_GIB = BigDecimal.valueOf(1L << 30);

    /** Validates the values. */
    public UsageSummary {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(memoryMbSeconds, "memoryMbSeconds");
        Objects.requireNonNull(storageByteHours, "storageByteHours");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to must not be before from");
        }
        if (executions < 0 || cpuNanos < 0 || wallNanos < 0 || apiCalls < 0 || allocatedBytes < 0
                || memoryMbSeconds.signum() < 0 || storageByteHours.signum() < 0) {
            throw new IllegalArgumentException("usage cannot be negative");
        }
    }

    /** {@return a summary with nothing used} */
    public static UsageSummary empty(TenantId tenant, Instant from, Instant to) {
        return new UsageSummary(tenant, from, to, 0, 0, 0, BigDecimal.ZERO, 0, 0, BigDecimal.ZERO);
    }

    /**
     * {@return the quantity of {@code meter}, exact}: CPU and wall time as milliseconds with up to 6
     * fractional digits, storage as GiB-hours with up to 12 fractional digits.
     */
    public BigDecimal quantity(Meter meter) {
        return switch (meter) {
            case EXECUTIONS -> BigDecimal.valueOf(executions);
            case CPU_MS -> BigDecimal.valueOf(cpuNanos).divide(NANOS_PER_MILLI, 6, RoundingMode.UNNECESSARY);
            case WALL_MS -> BigDecimal.valueOf(wallNanos).divide(NANOS_PER_MILLI, 6, RoundingMode.UNNECESSARY);
            case MEMORY_MB_SECONDS -> memoryMbSeconds;
            case API_CALLS -> BigDecimal.valueOf(apiCalls);
            case ALLOCATED_BYTES -> BigDecimal.valueOf(allocatedBytes);
            case STORAGE_GB_HOURS -> storageByteHours.divide(BYTES_PER_GIB, 12, RoundingMode.HALF_EVEN);
        };
    }

    /**
     * {@return the sum of this and {@code other}}, over the smallest period covering both.
     *
     * @throws IllegalArgumentException if they are of different tenants
     */
    public UsageSummary plus(UsageSummary other) {
        if (!tenant.equals(other.tenant)) {
            throw new IllegalArgumentException("cannot add usage of " + other.tenant + " to usage of " + tenant);
        }
        return new UsageSummary(tenant, from.isBefore(other.from) ? from : other.from,
                to.isAfter(other.to) ? to : other.to, executions + other.executions, cpuNanos + other.cpuNanos,
                wallNanos + other.wallNanos, memoryMbSeconds.add(other.memoryMbSeconds), apiCalls + other.apiCalls,
                allocatedBytes + other.allocatedBytes, storageByteHours.add(other.storageByteHours));
    }
}
