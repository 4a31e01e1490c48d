package dev.tenantry.benchmarks.isolation;

import dev.tenantry.spi.execution.ExecutionOutcome;
import dev.tenantry.spi.isolation.Sandbox;
import dev.tenantry.spi.isolation.SandboxResult;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Value;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Per-execution cost of a trivial script: the floor (a bare shared engine, a new context per eval, in one
 * JVM) against the full path through the worker pool (framing, a worker round trip, the watchdog, the
 * prelude and JSON result), and the pool's throughput with two workers.
 */
@Fork(value = 1, jvmArgsAppend = {"-XX:+UnlockExperimentalVMOptions", "-XX:+EnableJVMCI",
        "--upgrade-module-path=" + Sandboxes.JIT_FOLDER, "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow"})
@Warmup(iterations = 6, time = 5)
@Measurement(iterations = 5, time = 3)
public class IsolationOverheadBenchmark {

    /** The floor: what GraalJS itself costs per fresh context. */
    @State(Scope.Benchmark)
    public static class Floor {
        Engine engine;

        @Setup
        public void setUp() {
            engine = Engine.newBuilder("js").sandbox(SandboxPolicy.CONSTRAINED).out(OutputStream.nullOutputStream())
                    .err(OutputStream.nullOutputStream()).option("engine.WarnInterpreterOnly", "false").build();
        }

        @TearDown
        public void tearDown() {
            engine.close();
        }
    }

    /** Two warm workers. */
    @State(Scope.Benchmark)
    public static class Pool {
        Sandbox sandbox;

        @Setup(Level.Trial)
        public void setUp() throws InterruptedException {
            sandbox = Sandboxes.start(Map.of("mode", "process", "workers", "2", "worker-heap", "256mb"));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            sandbox.close();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int floorSharedEngineNewContext(Floor floor) {
        try (Context c = Context.newBuilder("js").engine(floor.engine).sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream()).err(OutputStream.nullOutputStream()).build()) {
            Value v = c.eval("js", "1 + 1");
            return v.asInt();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public SandboxResult poolTrivialExecution(Pool pool) {
        return check(pool.sandbox.run(Sandboxes.task("1 + 1")));
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(2)
    public SandboxResult poolThroughputTwoWorkers(Pool pool) {
        return check(pool.sandbox.run(Sandboxes.task("1 + 1")));
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(2)
    public int floorThroughputTwoThreads(Floor floor) {
        return floorSharedEngineNewContext(floor);
    }

    static SandboxResult check(SandboxResult r) {
        if (!(r.outcome() instanceof ExecutionOutcome.Succeeded)) {
            throw new IllegalStateException("benchmark script did not succeed: " + r.outcome());
        }
        return r;
    }
}
