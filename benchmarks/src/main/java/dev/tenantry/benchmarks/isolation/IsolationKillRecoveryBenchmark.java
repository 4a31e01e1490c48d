package dev.tenantry.benchmarks.isolation;

import dev.tenantry.spi.execution.ExecutionOutcome;
import dev.tenantry.spi.isolation.Sandbox;
import dev.tenantry.spi.isolation.SandboxResult;
import dev.tenantry.spi.tenant.TenantLimits;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Time from a forced kill to a warm replacement: before each measured call the only worker is killed by the
 * unstoppable script; the measured call is a trivial execution, which waits until the replacement worker
 * has started and warmed up, or is served at once by a warm spare.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 0)
@Measurement(iterations = 3)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class IsolationKillRecoveryBenchmark {
    private static final String UNSTOPPABLE = "function f(){ try { return f(); } catch(e) { return f(); } }; f()";
    private static final TenantLimits.ExecutionLimits KILL_FAST = new TenantLimits.ExecutionLimits(Duration.ofMillis(50),
            Duration.ofSeconds(5), 256L << 20, Long.MAX_VALUE, 1_000, 1024, 1024);

    @Param({"on", "off"})
    public String jit;

    /** With a warm spare the kill is absorbed at once; without one the next execution waits for a JVM start. */
    @Param({"0", "1"})
    public String spares;

    private Sandbox sandbox;

    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
        sandbox = Sandboxes.start(Map.of("mode", "process", "workers", "1", "worker-heap", "256mb", "jit", jit,
                "kill-grace", "50ms", "quarantine-after-kills", "1000", "spare-workers", spares));
    }

    @Setup(Level.Invocation)
    public void killTheWorker() throws InterruptedException {
        if (!"0".equals(spares)) {
            // not measured: gives the spare started after the previous kill time to warm up
            Thread.sleep(20_000);
        }
        SandboxResult r = sandbox.run(Sandboxes.task(UNSTOPPABLE, KILL_FAST));
        if (!(r.outcome() instanceof ExecutionOutcome.Cancelled c) || !c.workerKilled()) {
            throw new IllegalStateException("expected a kill, got " + r.outcome());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        sandbox.close();
    }

    @Benchmark
    public SandboxResult firstExecutionAfterAKill() {
        return IsolationOverheadBenchmark.check(sandbox.run(Sandboxes.task("1 + 1")));
    }
}
