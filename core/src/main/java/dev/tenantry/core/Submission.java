package dev.tenantry.core;

import dev.tenantry.spi.execution.ExecutionId;
import dev.tenantry.spi.execution.ExecutionResult;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * An execution handed to {@link Platform#start}: its id, known before it runs, and its result to come.
 *
 * @param id the execution's id: the one its result and its usage event carry, so a caller can name the
 *     execution to its tenant at once and the tenant can find it in its usage later
 * @param result completes as {@link Platform#submit}'s future does: with the result, or failed with the reason
 *     it was not run (a rejected admission, unavailable metering, an unknown tenant, a closed platform)
 */
public record Submission(ExecutionId id, CompletableFuture<ExecutionResult> result) {
    /** Checks that neither part is missing. */
    public Submission {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(result, "result");
    }
}
