package dev.tenantry.isolation.graaljs;

import dev.tenantry.spi.event.PlatformEvent;
import dev.tenantry.spi.execution.CancelReason;
import dev.tenantry.spi.execution.ExecutionOutcome;
import dev.tenantry.spi.isolation.Sandbox;
import dev.tenantry.spi.isolation.SandboxResult;
import dev.tenantry.spi.tenant.TenantLimits;
import dev.tenantry.testkit.TestingProviderContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessHostileScriptsTest extends HostileScriptsSuite {
    /** The script no in-JVM cancel stops: every cancellation is caught and the recursion restarts. */
    static final String UNSTOPPABLE = "function f(){ try { return f(); } catch(e) { return f(); } }; f()";

    private static TestingProviderContext context;
    private static Sandbox sandbox;

    @BeforeAll
    static void start() {
        // quarantine is tested on its own sandbox; here kills must not move the attacker
        context = Sandboxes.context(Sandboxes.processConfig(Map.of("quarantine-after-kills", "1000")));
        sandbox = Sandboxes.process(context);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Override
    Sandbox sandbox() {
        return sandbox;
    }

    @Test
    void unstoppableScriptIsCancelledWithinTwiceItsLimitPlusAKillOfItsWorker() {
        // A wall limit far above the CPU limit: on a loaded machine the guest may need many seconds of wall time to
        // burn 500 ms of CPU, and the wall-time backstop must not be what ends it.
        TenantLimits.ExecutionLimits limits = new TenantLimits.ExecutionLimits(Duration.ofMillis(500), Duration.ofSeconds(90),
                1L << 30, Long.MAX_VALUE, 400, 1024, 1024);
        long t0 = System.nanoTime();
        SandboxResult r = run("attacker", UNSTOPPABLE, limits);
        long elapsed = System.nanoTime() - t0;

        assertThat(r.outcome()).isInstanceOf(ExecutionOutcome.Cancelled.class);
        ExecutionOutcome.Cancelled c = (ExecutionOutcome.Cancelled) r.outcome();
        assertThat(c.workerKilled()).isTrue();
        // the watchdog's CPU reading when it gave up on the in-worker cancel
        assertThat(r.usage().cpuNanos()).isLessThanOrEqualTo(2 * limits.cpuTime().toNanos());
        // Ended by the CPU watchdog and the kill, not by the wall-time backstop. How long the guest took to burn
        // its CPU in wall time depends on how busy the machine is, so the CPU bound above is the measure.
        assertThat(c.reason()).isEqualTo(CancelReason.CPU_TIME);
        assertThat(Duration.ofNanos(elapsed)).isLessThan(limits.wallTime());
        // The pipeline publishes WorkerKilled from the outcome; a second event from the sandbox would count twice.
        assertThat(context.publishedEvents()).noneMatch(e -> e instanceof PlatformEvent.WorkerKilled);
        assertThat(run("bystander", "'served'", HostileScripts.LIMITS).outcome())
                .isEqualTo(new ExecutionOutcome.Succeeded("\"served\""));
    }

    @Test
    void allocationBeyondTheWorkerHeapEndsAtTheHeapWallAndTheWorkerIsReplaced() {
        // a budget larger than the 160 MiB worker heap: the heap is the wall that stops it
        TenantLimits.ExecutionLimits limits = new TenantLimits.ExecutionLimits(Duration.ofSeconds(20), Duration.ofSeconds(30),
                8L << 30, Long.MAX_VALUE, 400, 1024, 1024);
        SandboxResult r = run("attacker", "const keep = []; while (true) keep.push(new Array(1 << 16).fill(1.5))", limits);
        assertThat(r.outcome()).isEqualTo(new ExecutionOutcome.Cancelled(CancelReason.MEMORY,
                "the worker heap was exhausted; the worker was replaced", true));
        assertThat(run("bystander", "'served'", HostileScripts.LIMITS).outcome())
                .isEqualTo(new ExecutionOutcome.Succeeded("\"served\""));
    }
}
