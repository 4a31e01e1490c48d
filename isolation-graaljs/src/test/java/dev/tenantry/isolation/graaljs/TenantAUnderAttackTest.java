package dev.tenantry.isolation.graaljs;

import dev.tenantry.spi.event.PlatformEvent;
import dev.tenantry.spi.execution.CancelReason;
import dev.tenantry.spi.execution.ExecutionId;
import dev.tenantry.spi.execution.ExecutionOutcome;
import dev.tenantry.spi.execution.ExecutionRequest;
import dev.tenantry.spi.isolation.HostApi;
import dev.tenantry.spi.isolation.SandboxResult;
import dev.tenantry.spi.isolation.SandboxTask;
import dev.tenantry.spi.tenant.TenantConfig;
import dev.tenantry.spi.tenant.TenantLimits;
import dev.tenantry.testkit.SampleTenants;
import dev.tenantry.testkit.TestingProviderContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** Tenant A attacks with a memory bomb and the unstoppable script while tenant B works; B never notices. */
class TenantAUnderAttackTest {
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    private static final TenantLimits.ExecutionLimits LIMITS = new TenantLimits.ExecutionLimits(Duration.ofMillis(400),
            Duration.ofSeconds(5), 8L << 30, Long.MAX_VALUE, 400, 1024, 1024);
    private static TestingProviderContext context;
    private static ProcessSandbox sandbox;

    @BeforeAll
    static void start() {
        context = Sandboxes.context(Sandboxes.processConfig(Map.of("workers", "3", "worker-heap", "128mb",
                "quarantine-after-kills", "2")));
        sandbox = (ProcessSandbox) Sandboxes.process(context);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    /** Enough CPU that only the 128 MiB worker heap can stop the bomb. */
    private static final TenantLimits.ExecutionLimits BOMB_LIMITS = new TenantLimits.ExecutionLimits(Duration.ofSeconds(30),
            Duration.ofSeconds(60), 8L << 30, Long.MAX_VALUE, 400, 1024, 1024);

    private static SandboxResult run(TenantConfig t, String code) {
        return run(t, code, LIMITS);
    }

    private static SandboxResult run(TenantConfig t, String code, TenantLimits.ExecutionLimits limits) {
        return sandbox.run(new SandboxTask(ExecutionId.random(), t, ExecutionRequest.of(code), limits, HostApi.NONE));
    }

    @Test
    void memoryBombAndUnstoppableScriptOfOneTenantDoNotFailAnotherTenantsExecutions() throws Exception {
        TenantConfig a = SampleTenants.tenant("tenant-a", EPOCH);
        TenantConfig b = SampleTenants.tenant("tenant-b", EPOCH);
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            CompletableFuture<SandboxResult> bomb = CompletableFuture.supplyAsync(() -> run(a,
                    "const keep = []; while (true) keep.push(new Array(1 << 16).fill(1.5))", BOMB_LIMITS), threads);
            CompletableFuture<SandboxResult> unstoppable = CompletableFuture.supplyAsync(() -> run(a,
                    ProcessHostileScriptsTest.UNSTOPPABLE), threads);
            CompletableFuture<List<SandboxResult>> bWork = CompletableFuture.supplyAsync(() -> {
                List<SandboxResult> results = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    results.add(run(b, "[" + i + "].map(x => x * 2)[0]"));
                }
                return results;
            }, threads);

            List<SandboxResult> bResults = bWork.get();
            for (int i = 0; i < bResults.size(); i++) {
                assertThat(bResults.get(i).outcome()).isEqualTo(new ExecutionOutcome.Succeeded(Integer.toString(2 * i)));
            }
            assertThat(bomb.get().outcome()).isInstanceOfSatisfying(ExecutionOutcome.Cancelled.class, c -> {
                assertThat(c.reason()).isEqualTo(CancelReason.MEMORY);
                assertThat(c.workerKilled()).isTrue();
            });
            assertThat(unstoppable.get().outcome()).isInstanceOfSatisfying(ExecutionOutcome.Cancelled.class,
                    c -> assertThat(c.workerKilled()).isTrue());
        } finally {
            threads.shutdownNow();
        }

        // Reported in the outcomes above; the pipeline publishes the event, so the sandbox must not publish it too.
        assertThat(context.publishedEvents()).noneMatch(e -> e instanceof PlatformEvent.WorkerKilled);
        assertThat(sandbox.quarantined(a.id())).as("two kills put tenant-a in quarantine").isTrue();
        assertThat(sandbox.quarantined(b.id())).isFalse();
        assertThat(run(b, "'b still served'").outcome()).isEqualTo(new ExecutionOutcome.Succeeded("\"b still served\""));
    }

    @Test
    void tenantWithDedicatedResourcesRunsOnWorkersOfItsOwn() {
        TenantConfig d = SampleTenants.tenant("tenant-d", EPOCH).withSettings(Map.of(TenantConfig.DEDICATED_RESOURCES, "true"), EPOCH);
        SandboxTask task = new SandboxTask(ExecutionId.random(), d, ExecutionRequest.of("'own worker'"), LIMITS, HostApi.NONE);
        WorkerPool pool = sandbox.poolFor(task);
        assertThat(pool).isNotSameAs(sandbox.shared).isSameAs(sandbox.poolFor(task));
        assertThat(sandbox.run(task).outcome()).isEqualTo(new ExecutionOutcome.Succeeded("\"own worker\""));
        assertThat(sandbox.poolFor(new SandboxTask(ExecutionId.random(), SampleTenants.tenant("tenant-e", EPOCH),
                ExecutionRequest.of("1"), LIMITS, HostApi.NONE))).isSameAs(sandbox.shared);
    }
}
