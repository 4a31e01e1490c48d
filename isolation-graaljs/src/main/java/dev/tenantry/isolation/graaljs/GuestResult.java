package dev.tenantry.isolation.graaljs;

import dev.tenantry.spi.execution.ExecutionOutcome;

import java.util.Objects;

/**
 * What a guest runtime reports for one execution, before the supervisor adds API calls and MB-seconds.
 *
 * @param outcome how it ended
 * @param cpuNanos CPU time of the guest thread
 * @param wallNanos elapsed time of the execution
 * @param allocatedBytes bytes the guest thread allocated
 * @param outputBytes console bytes produced, including those cut off
 * @param console the console output kept
 * @param consoleTruncated whether output was cut
 */
record GuestResult(ExecutionOutcome outcome, long cpuNanos, long wallNanos, long allocatedBytes, long outputBytes,
                   String console, boolean consoleTruncated) {
    GuestResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(console, "console");
    }
}
