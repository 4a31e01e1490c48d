package dev.tenantry.isolation.graaljs;

import dev.tenantry.spi.execution.ExecutionId;
import dev.tenantry.spi.execution.ExecutionOutcome;
import dev.tenantry.spi.execution.ExecutionRequest;
import dev.tenantry.spi.isolation.HostApi;
import dev.tenantry.spi.isolation.SandboxTask;
import dev.tenantry.spi.tenant.TenantConfig;
import dev.tenantry.testkit.SampleTenants;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerRecyclingTest {

    @Test
    void workerIsReplacedByTheWarmSpareAfterItsConfiguredNumberOfExecutions() throws InterruptedException {
        try (ProcessSandbox sandbox = (ProcessSandbox) Sandboxes.process(Sandboxes.context(Sandboxes.processConfig(
                Map.of("workers", "1", "max-executions-per-worker", "2", "jit", "off", "worker-heap", "96mb",
                        "spare-workers", "1"))))) {
            awaitStarted(sandbox, 2);
            TenantConfig t = SampleTenants.tenant("t", Instant.parse("2026-01-01T00:00:00Z"));
            for (int i = 0; i < 3; i++) {
                SandboxTask task = new SandboxTask(ExecutionId.random(), t, ExecutionRequest.of(i + " * 10"),
                        t.limits().execution(), HostApi.NONE);
                assertThat(sandbox.run(task).outcome()).isEqualTo(new ExecutionOutcome.Succeeded(i * 10 + ""));
            }
            // the first worker retired after two executions, the spare took its place, and a new spare started
            awaitStarted(sandbox, 3);
            assertThat(sandbox.shared.started()).isEqualTo(3);
            assertThat(sandbox.ready()).isTrue();
            assertThat(sandbox.runtimeDescription()).contains("interpreter only");
        }
    }

    @Test
    void workerPastItsBudgetKeepsServingUntilItsReplacementIsWarmThenGives() throws InterruptedException {
        try (ProcessSandbox sandbox = (ProcessSandbox) Sandboxes.process(Sandboxes.context(Sandboxes.processConfig(
                Map.of("workers", "1", "max-executions-per-worker", "2", "jit", "off", "worker-heap", "96mb",
                        "spare-workers", "0"))))) {
            TenantConfig t = SampleTenants.tenant("t", Instant.parse("2026-01-01T00:00:00Z"));
            // No spare: past its budget the worker goes on serving instead of leaving the pool empty.
            for (int i = 0; i < 4; i++) {
                assertThat(sandbox.run(task(t, i + " * 10")).outcome())
                        .isEqualTo(new ExecutionOutcome.Succeeded(i * 10 + ""));
            }
            awaitStarted(sandbox, 2);
            long end = System.nanoTime() + 120_000_000_000L;
            while (sandbox.shared.spareCount() == 0 && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            // The replacement waited aside; the next release swaps it in, and no third worker is started.
            assertThat(sandbox.shared.spareCount()).isEqualTo(1);
            assertThat(sandbox.run(task(t, "7")).outcome()).isEqualTo(new ExecutionOutcome.Succeeded("7"));
            assertThat(sandbox.shared.spareCount()).isZero();
            assertThat(sandbox.run(task(t, "8")).outcome()).isEqualTo(new ExecutionOutcome.Succeeded("8"));
            assertThat(sandbox.shared.started()).isEqualTo(2);
            assertThat(sandbox.ready()).isTrue();
        }
    }

    private static SandboxTask task(TenantConfig t, String code) {
        return new SandboxTask(ExecutionId.random(), t, ExecutionRequest.of(code), t.limits().execution(), HostApi.NONE);
    }

    private static void awaitStarted(ProcessSandbox sandbox, int workers) throws InterruptedException {
        long end = System.nanoTime() + 120_000_000_000L;
        while (sandbox.shared.started() < workers && System.nanoTime() < end) {
            Thread.sleep(20);
        }
    }
}
