package dev.tenantry.spi.isolation;

import dev.tenantry.spi.execution.ExecutionId;
import dev.tenantry.spi.execution.ExecutionRequest;
import dev.tenantry.spi.tenant.TenantConfig;
import dev.tenantry.spi.tenant.TenantLimits;

import java.util.Objects;

/**
 * One execution handed to a sandbox.
 *
 * @param id the execution
 * @param tenant the tenant running it (its settings say, for example, whether it has dedicated workers
 *     or may use {@code eval})
 * @param request the code, arguments and operation
 * @param limits what this execution may use; usually {@code tenant.limits().execution()}
 * @param host the host API bound to this tenant
 */
public record SandboxTask(ExecutionId id, TenantConfig tenant, ExecutionRequest request,
                          TenantLimits.ExecutionLimits limits, HostApi host) {
    /** Validates that nothing is null. */
    public SandboxTask {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(host, "host");
    }
}
