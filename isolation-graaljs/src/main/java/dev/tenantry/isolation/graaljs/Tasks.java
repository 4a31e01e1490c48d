package dev.tenantry.isolation.graaljs;

import dev.tenantry.spi.execution.ExecutionUsage;
import dev.tenantry.spi.isolation.SandboxResult;
import dev.tenantry.spi.isolation.SandboxTask;
import dev.tenantry.spi.tenant.TenantConfig;

/** Translation between the SPI's task and result and what the guest runtime speaks. */
final class Tasks {
    private Tasks() {
    }

    static GuestTask toGuest(SandboxTask task) {
        return new GuestTask(task.id().value(), task.tenant().id().value(), task.request().code(),
                task.request().argumentsJson(), task.limits(), task.tenant().flag(TenantConfig.ALLOW_EVAL));
    }

    static SandboxResult toResult(SandboxTask task, GuestResult r, long apiCalls) {
        ExecutionUsage usage = new ExecutionUsage(r.cpuNanos(), r.wallNanos(), r.allocatedBytes(), apiCalls,
                r.outputBytes(), ExecutionUsage.memoryMbSeconds(task.limits().memoryBytes(), r.wallNanos()));
        return new SandboxResult(r.outcome(), usage, r.console(), r.consoleTruncated());
    }
}
