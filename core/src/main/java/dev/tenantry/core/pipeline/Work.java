package dev.tenantry.core.pipeline;

import dev.tenantry.spi.execution.CancelReason;
import dev.tenantry.spi.execution.ExecutionId;
import dev.tenantry.spi.execution.ExecutionOutcome;
import dev.tenantry.spi.execution.ExecutionRequest;
import dev.tenantry.spi.execution.ExecutionResult;
import dev.tenantry.spi.execution.ExecutionUsage;
import dev.tenantry.spi.quota.Permit;
import dev.tenantry.spi.tenant.TenantConfig;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * One admitted execution on its way through the pipeline: what to run, for whom, the admission to refund
 * if it never runs, and the future its caller waits on.
 */
record Work(ExecutionId id, TenantConfig tenant, ExecutionRequest request, Permit permit, Instant submittedAt,
            CompletableFuture<ExecutionResult> result) {

    /** Ends this work without running it: refunds its admission and completes it as cancelled. */
    void cancel(CancelReason reason, String detail, Instant now) {
        permit.refund();
        result.complete(new ExecutionResult(id, tenant.id(), request.operation(),
                new ExecutionOutcome.Cancelled(reason, detail, false), ExecutionUsage.NONE, "", false, submittedAt,
                now, now));
    }
}
