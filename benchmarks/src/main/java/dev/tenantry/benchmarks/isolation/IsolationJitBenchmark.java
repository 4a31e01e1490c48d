package dev.tenantry.benchmarks.isolation;

import dev.tenantry.spi.isolation.Sandbox;
import dev.tenantry.spi.isolation.SandboxResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/** fib(27) in steady state through one worker, with the optimizing runtime and interpreter-only. */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class IsolationJitBenchmark {
    private static final String FIB = "function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2) } fib(27)";

    @Param({"on", "off"})
    public String jit;

    private Sandbox sandbox;

    @Setup
    public void setUp() throws InterruptedException {
        sandbox = Sandboxes.start(Map.of("mode", "process", "workers", "1", "worker-heap", "256mb", "jit", jit));
    }

    @TearDown
    public void tearDown() {
        sandbox.close();
    }

    @Benchmark
    public SandboxResult fib27(IsolationJitBenchmark state) {
        return IsolationOverheadBenchmark.check(sandbox.run(Sandboxes.task(FIB)));
    }
}
