package dev.tenantry.isolation.graaljs;

import dev.tenantry.spi.tenant.TenantLimits;

import java.util.Objects;
import java.util.Optional;

/**
 * One execution as a guest runtime sees it: what crosses the process boundary to a worker.
 *
 * @param executionId the execution, for thread names only
 * @param tenant the tenant id, which keys the compiled-source cache
 * @param code the source
 * @param argumentsJson JSON bound to {@code args}, if any
 * @param limits what the execution may use
 * @param allowEval whether {@code eval} and {@code Function} work
 */
record GuestTask(String executionId, String tenant, String code, Optional<String> argumentsJson,
                 TenantLimits.ExecutionLimits limits, boolean allowEval) {
    GuestTask {
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(argumentsJson, "argumentsJson");
        Objects.requireNonNull(limits, "limits");
    }
}
