package dev.tenantry.spi.execution;

import dev.tenantry.spi.TenantId;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The whole answer to one execution: how it ended, what it used, what it printed and when it ran.
 *
 * @param id the execution
 * @param tenant the tenant that ran it
 * @param operation the operation type it was counted under
 * @param outcome how it ended
 * @param usage what it used
 * @param console captured console output, cut at the tenant's console limit
 * @param consoleTruncated whether output was cut
 * @param submittedAt when the platform accepted it
 * @param startedAt when a worker started it (equal to {@code finishedAt} if it never ran)
 * @param finishedAt when it ended
 */
public record ExecutionResult(ExecutionId id, TenantId tenant, String operation, ExecutionOutcome outcome,
                              ExecutionUsage usage, String console, boolean consoleTruncated, Instant submittedAt,
                              Instant startedAt, Instant finishedAt) {
    /** Validates that nothing is null. */
    public ExecutionResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(console, "console");
        Objects.requireNonNull(submittedAt, "submittedAt");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
    }

    /** {@return how long the execution waited in the queue} */
    public Duration queueDelay() {
        return Duration.between(submittedAt, startedAt);
    }

    /** {@return whether it succeeded} */
    public boolean succeeded() {
        return outcome instanceof ExecutionOutcome.Succeeded;
    }
}
