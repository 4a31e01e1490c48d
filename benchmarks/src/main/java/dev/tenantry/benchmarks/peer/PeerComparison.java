package dev.tenantry.benchmarks.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenantry.core.Platform;
import dev.tenantry.core.Tenantry;
import dev.tenantry.core.config.TenantryConfig;
import dev.tenantry.core.tenants.LimitOverrides;
import dev.tenantry.core.tenants.NewTenant;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.execution.ExecutionOutcome;
import dev.tenantry.spi.execution.ExecutionRequest;
import dev.tenantry.spi.execution.ExecutionResult;
import dev.tenantry.spi.tenant.Tier;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tenantry against Node's isolated-vm, in one run: the same three scripts ({@code benchmarks/peer/scripts.json}: a
 * trivial one, a JSON transform of 200 records, fib(27)) through the whole platform (admission, the fair
 * scheduler, GraalJS worker processes with a new context per execution, metering) and through isolated-vm with a
 * new context per execution. Prints both and the ratios. Run it with {@code benchmarks/peer/run-peer-comparison.sh}
 * from the repository root, which installs isolated-vm and builds this.
 *
 * <p>Arguments: {@code <workers> <warm-up seconds> <measure seconds> <fib iterations> <peer folder>}.
 */
public final class PeerComparison {
    private static final TenantId BENCH = TenantId.of("bench");

    private PeerComparison() {
    }

    /** @param args see the class comment */
    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: PeerComparison <workers> <warm-up s> <measure s> <fib iterations> <peer folder>");
            System.exit(2);
        }
        int workers = Integer.parseInt(args[0]);
        int warmupS = Integer.parseInt(args[1]);
        int measureS = Integer.parseInt(args[2]);
        int fibIterations = Integer.parseInt(args[3]);
        Path peer = Path.of(args[4]).toAbsolutePath();
        JsonNode scripts = new ObjectMapper().readTree(peer.resolve("scripts.json").toFile());

        Map<String, Double> tenantry = runTenantry(scripts, workers, warmupS, measureS, fibIterations);
        System.out.printf("tenantry: trivial %.0f/s, json %.0f/s, fib(27) median %.1f ms%n",
                tenantry.get("trivial"), tenantry.get("json"), tenantry.get("fib27"));

        Process node = new ProcessBuilder("node", "ivm-bench.js", args[0], args[1], args[2], args[3])
                .directory(peer.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (node.waitFor() != 0 || out.isEmpty()) {
            System.out.println("isolated-vm: did not run (exit " + node.exitValue() + "); see the error above");
            System.exit(1);
        }
        JsonNode ivm = new ObjectMapper().readTree(out.lines().reduce((a, b) -> b).orElseThrow());
        double ivmTrivial = ivm.get("trivialPerSecond").asDouble();
        double ivmJson = ivm.get("jsonPerSecond").asDouble();
        double ivmFib = ivm.get("fib27MedianMs").asDouble();
        System.out.printf("isolated-vm %s on node %s: trivial %.0f/s, json %.0f/s, fib(27) median %.1f ms%n",
                ivm.get("isolatedVm").asText(), ivm.get("node").asText(), ivmTrivial, ivmJson, ivmFib);
        System.out.println();
        System.out.println("| script | Tenantry | isolated-vm | Tenantry / isolated-vm | target |");
        System.out.println("|---|---|---|---|---|");
        System.out.printf("| trivial, executions/s | %.0f | %.0f | %.2f | >= 1 |%n", tenantry.get("trivial"), ivmTrivial,
                tenantry.get("trivial") / ivmTrivial);
        System.out.printf("| JSON transform, executions/s | %.0f | %.0f | %.2f | |%n", tenantry.get("json"), ivmJson,
                tenantry.get("json") / ivmJson);
        System.out.printf("| fib(27), median ms (lower is better) | %.1f | %.1f | %.2f | <= 2 |%n", tenantry.get("fib27"),
                ivmFib, tenantry.get("fib27") / ivmFib);
    }

    private static Map<String, Double> runTenantry(JsonNode scripts, int workers, int warmupS, int measureS,
                                                   int fibIterations) throws Exception {
        Path data = Files.createTempDirectory("tenantry-peer-");
        Map<String, String> env = new HashMap<>();
        env.put("TENANTRY_DATA_DIR", data.toString());
        env.put("TENANTRY_WORKERS", Integer.toString(workers));
        env.put("TENANTRY_SCHEDULER_PROVIDER", "fair");
        Path jit = Path.of("isolation-graaljs/target/jit").toAbsolutePath();
        if (Files.isDirectory(jit)) {
            env.put("TENANTRY_ISOLATION_JIT_MODULE_PATH", jit.toString());
        }
        Map<String, Double> results = new HashMap<>();
        try (Platform platform = Tenantry.builder().config(TenantryConfig.load(Optional.empty(), env))
                .clock(Clock.systemUTC()).build()) {
            // limits far above what the benchmark can reach: the comparison is of execution, not admission
            platform.tenants().create(NewTenant.of(BENCH.value(), "benchmark", Tier.ENTERPRISE).withOverrides(
                    LimitOverrides.of("executions-per-minute", "1000000000", "burst", "1000000000",
                            "daily-executions", "1000000000000", "monthly-executions", "1000000000000",
                            "max-queued", "100000", "cpu-time", "30s", "wall-time", "60s")));
            long startup = untilWorkersAreWarm(platform, request(scripts.get("trivial")), workers);
            System.out.printf("tenantry: workers started and warm after %d s%n", startup);
            results.put("trivial", throughput(platform, request(scripts.get("trivial")), workers, warmupS, measureS));
            results.put("json", throughput(platform, request(scripts.get("json")), workers, warmupS, measureS));
            results.put("fib27", medianMillis(platform, request(scripts.get("fib27")), fibIterations));
        }
        return results;
    }

    private static ExecutionRequest request(JsonNode script) {
        return ExecutionRequest.of(script.get("expression").asText()).withArguments(script.get("args").asText());
    }

    private static void check(ExecutionResult r) {
        if (!(r.outcome() instanceof ExecutionOutcome.Succeeded)) {
            throw new IllegalStateException("benchmark script did not succeed: " + r.outcome());
        }
    }

    /**
     * Worker JVMs start with the platform and warm up before they serve, which takes from seconds to a minute
     * depending on the machine's load: trivial load in 2 s windows until a window serves no more than the one
     * before (plus 10%), at most 3 minutes. {@return the seconds it took}
     */
    private static long untilWorkersAreWarm(Platform platform, ExecutionRequest request, int workers)
            throws Exception {
        long began = System.nanoTime();
        double previous = -1;
        for (int window = 0; window < 90; window++) {
            double rate = throughput(platform, request, workers, 0, 2);
            if (previous > 0 && rate <= previous * 1.1) {
                break;
            }
            previous = Math.max(rate, 0.001);
        }
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began);
    }

    /** Two clients per worker keep every worker busy; executions started after the warm-up are counted. */
    private static double throughput(Platform platform, ExecutionRequest request, int workers, int warmupS,
                                     int measureS) throws Exception {
        long measureFrom = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmupS);
        long end = measureFrom + TimeUnit.SECONDS.toNanos(measureS);
        AtomicLong counted = new AtomicLong();
        ExecutorService clients = Executors.newFixedThreadPool(2 * workers);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < 2 * workers; i++) {
                running.add(clients.submit(() -> {
                    for (long began = System.nanoTime(); began < end; began = System.nanoTime()) {
                        check(platform.execute(BENCH, request));
                        if (began >= measureFrom) {
                            counted.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            clients.shutdownNow();
        }
        return counted.get() / (double) measureS;
    }

    /** One client, as the isolated-vm side: the first half of the runs warm up, the median of the rest counts. */
    private static double medianMillis(Platform platform, ExecutionRequest request, int iterations) {
        double[] times = new double[iterations];
        for (int i = 0; i < 2 * iterations; i++) {
            long t0 = System.nanoTime();
            check(platform.execute(BENCH, request));
            if (i >= iterations) {
                times[i - iterations] = (System.nanoTime() - t0) / 1e6;
            }
        }
        Arrays.sort(times);
        return times[iterations / 2];
    }
}
