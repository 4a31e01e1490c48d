package dev.tenantry.spi.execution;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What one execution used, as measured by the platform (never reported by the guest).
 *
 * <p>{@code memoryMbSeconds} follows the industry's GB-second: the execution's memory limit in MiB times
 * its billed duration, where the billed duration is the wall time rounded up to the next whole
 * millisecond (at least 1 ms). It is an exact decimal with 3 fractional digits, so it sums without loss.
 *
 * @param cpuNanos CPU time of the executing thread(s)
 * @param wallNanos elapsed time from start to end of the execution (not counting queueing)
 * @param allocatedBytes bytes allocated by the execution
 * @param apiCalls host API calls made (each {@code kv} call counts one)
 * @param outputBytes console output bytes produced (including any cut off)
 * @param memoryMbSeconds memory limit in MiB times billed seconds
 */
public record ExecutionUsage(long cpuNanos, long wallNanos, long allocatedBytes, long apiCalls, long outputBytes,
                             BigDecimal memoryMbSeconds) {

    /** Nothing used: for executions that never started. */
    public static final ExecutionUsage NONE = new ExecutionUsage(0, 0, 0, 0, 0, BigDecimal.ZERO.setScale(3));

    private static final BigDecimal MIB = BigDecimal.valueOf(1L << 20);
    private static final BigDecimal MILLIS_PER_SECOND = BigDecimal.valueOf(1000);

    /** Validates that nothing is negative. */
    public ExecutionUsage {
        if (cpuNanos < 0 || wallNanos < 0 || allocatedBytes < 0 || apiCalls < 0 || outputBytes < 0) {
            throw new IllegalArgumentException("usage cannot be negative");
        }
        Objects.requireNonNull(memoryMbSeconds, "memoryMbSeconds");
        if (memoryMbSeconds.signum() < 0) {
            throw new IllegalArgumentException("memoryMbSeconds cannot be negative");
        }
    }

    /**
     * Computes {@code memoryMbSeconds} for an execution: the memory limit in MiB (exact, may be fractional)
     * times the wall time rounded up to whole milliseconds (at least one), rounded half-even to 3 decimals.
     *
     * @param memoryLimitBytes the execution's memory limit
     * @param wallNanos the execution's wall time
     * @return the MB-seconds, scale 3
     */
    public static BigDecimal memoryMbSeconds(long memoryLimitBytes, long wallNanos) {
        long billedMillis = Math.max(1, (wallNanos + 999_999) / 1_000_000);
        return BigDecimal.valueOf(memoryLimitBytes)
                .multiply(BigDecimal.valueOf(billedMillis))
                .divide(MIB.multiply(MILLIS_PER_SECOND), 3, java.math.RoundingMode.HALF_EVEN);
    }

    /** {@return CPU time in whole milliseconds, rounded down} */
    public long cpuMillis() {
        return cpuNanos / 1_000_000;
    }

    /** {@return wall time in whole milliseconds, rounded down} */
    public long wallMillis() {
        return wallNanos / 1_000_000;
    }

    /** {@return this usage with {@code calls} more host API calls} */
    public ExecutionUsage plusApiCalls(long calls) {
        return new ExecutionUsage(cpuNanos, wallNanos, allocatedBytes, apiCalls + calls, outputBytes, memoryMbSeconds);
    }
}
