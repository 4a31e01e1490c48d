package dev.tenantry.benchmarks.scheduling;

import dev.tenantry.core.Platform;
import dev.tenantry.core.Tenantry;
import dev.tenantry.core.config.TenantryConfig;
import dev.tenantry.core.tenants.LimitOverrides;
import dev.tenantry.core.tenants.NewTenant;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.execution.ExecutionRequest;
import dev.tenantry.spi.execution.ExecutionResult;
import dev.tenantry.spi.tenant.Priority;
import dev.tenantry.spi.tenant.Tier;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The three fairness measures of {@link FairnessSimulation} on the real pipeline: a platform assembled by the core
 * with the {@code standard} quota policy (limits raised so that admission never rejects), memory stores, the
 * {@code graaljs} isolation with 2 workers (worker processes with the JIT by default, as deployed), and each
 * scheduler in turn. Wall-clock time, so the numbers depend on the machine. Run from the repository root with
 * {@code java -cp benchmarks/target/benchmarks.jar dev.tenantry.benchmarks.scheduling.PipelineFairness}
 * (about three minutes per scheduler; options on {@link #main}).
 */
public final class PipelineFairness {
    private static final int WORKERS = 2;
    private static final int JAIN_TENANTS = 50;
    private static final int OUTSTANDING = 4;
    private static final long MEASURE_MS = 10_000;
    /** Light tenants submit in bursts of this many tasks, as in {@link FairnessSimulation}. */
    private static final int BURST = 5;
    private static final long SEED = 20260101L;
    /** Two seconds of the pool's work at most: a bounded backlog, as a deployment would configure. */
    private static final int HEAVY_MAX_QUEUED = 500;
    /** Where guest code runs: {@code process} (worker JVMs, the JIT when available) or {@code in-process}. */
    private final String mode;
    private final long warmupMs;
    /** A CPU-bound loop of a few milliseconds; its measured cost is printed. */
    private final ExecutionRequest busy;
    /** The schedulers' {@code fresh-turns}, when not their default. */
    private final Optional<String> freshTurns;
    /** Noisy neighbour: how many pairs of windows (alone, then with the neighbour) are pooled. */
    private final int rounds;

    private PipelineFairness(String mode, long warmupMs, ExecutionRequest busy, Optional<String> freshTurns,
                             int rounds) {
        this.mode = mode;
        this.warmupMs = warmupMs;
        this.busy = busy;
        this.freshTurns = freshTurns;
        this.rounds = rounds;
    }

    private static ExecutionRequest busy(long iterations) {
        return ExecutionRequest.of("let s = 0; for (let i = 0; i < " + iterations + "; i++) { s = (s + i * 7) % 1000003; } s");
    }

    /**
     * Runs the three measures for {@code fair}, {@code priority-aging} and {@code fifo} and prints the tables.
     *
     * @param args {@code [--mode process|in-process] [--schedulers fair,priority-aging,fifo] [--warmup seconds]
     *     [--loop iterations] [--fresh-turns n] [--rounds 3]}; process mode (the default) warms 30 s and loops
     *     2,000,000 times (a few ms once compiled), in-process mode (interpreter only in this JVM) warms 3 s and
     *     loops 30,000 times; the noisy neighbour pools {@code rounds} pairs of 10 s windows
     */
    public static void main(String[] args) throws Exception {
        List<String> schedulers = List.of(Schedulers.NAMES);
        String mode = "process";
        Long loop = null;
        Long warmupSeconds = null;
        String freshTurns = null;
        int rounds = 3;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--mode" -> mode = args[i + 1];
                case "--schedulers" -> schedulers = List.of(args[i + 1].split(","));
                case "--warmup" -> warmupSeconds = Long.parseLong(args[i + 1]);
                case "--loop" -> loop = Long.parseLong(args[i + 1]);
                case "--fresh-turns" -> freshTurns = args[i + 1];
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        boolean process = mode.equals("process");
        new PipelineFairness(mode, TimeUnit.SECONDS.toMillis(warmupSeconds != null ? warmupSeconds : process ? 30 : 3),
                busy(loop != null ? loop : process ? 2_000_000 : 30_000), Optional.ofNullable(freshTurns), rounds).run(schedulers);
    }

    private void run(List<String> schedulers) throws Exception {
        System.out.printf("isolation %s, %d workers, warm-up %d s, %s%n%n", mode, WORKERS, warmupMs / 1000,
                busy.code());
        Map<String, String> jain = new HashMap<>();
        Map<String, String> weights = new HashMap<>();
        Map<String, String> noisy = new HashMap<>();
        for (String scheduler : schedulers) {
            long began = System.nanoTime();
            try (Platform p = platform(scheduler, "0.5")) {
                warm(p);
                jain(p, jain, scheduler);
                noisy(p, noisy, scheduler, capacity(p));
            }
            try (Platform p = platform(scheduler, "1.0")) {
                warm(p);
                weights(p, weights, scheduler);
            }
            System.err.printf("%s done in %d s%n", scheduler, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began));
        }
        System.out.printf("## Jain's fairness index: %d equal tenants, %d outstanding each, %d workers, %d s window%n%n",
                JAIN_TENANTS, OUTSTANDING, WORKERS, MEASURE_MS / 1000);
        System.out.println("| scheduler | completed/s | Jain's index | min share / mean | max share / mean |");
        System.out.println("|---|---|---|---|---|");
        schedulers.forEach(n -> System.out.println(jain.get(n)));
        System.out.printf("%n## Weighted shares 1:2:4:8, always backlogged, %d workers, max-worker-share 1.0%n%n", WORKERS);
        System.out.println("| scheduler | low (6.67%) | normal (13.33%) | high (26.67%) | critical (53.33%) "
                + "| worst relative error |");
        System.out.println("|---|---|---|---|---|---|");
        schedulers.forEach(n -> System.out.println(weights.get(n)));
        System.out.printf("%n## Noisy neighbour: 20 light tenants (together 0.25x the measured capacity) + 1 heavy (100x "
                + "a light tenant's load, 1.25x the capacity, at most %d queued), all normal, %d workers, "
                + "max-worker-share 0.5, %d rounds of 10 s alone and 10 s with the neighbour%n%n", HEAVY_MAX_QUEUED,
                WORKERS, rounds);
        System.out.println("| scheduler | capacity | light run time p50 | light queue p50 alone | light queue p99 alone "
                + "| light queue p50 with neighbour | light queue p99 with neighbour | ratio of p99s (target <= 2) "
                + "| heavy offered | heavy completed in window | heavy not run (queue_full, timeout) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        schedulers.forEach(n -> System.out.println(noisy.get(n)));
    }

    private Platform platform(String scheduler, String maxWorkerShare) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("TENANTRY_DATA_DIR", Files.createTempDirectory("tenantry-fairness-").toString());
        env.put("TENANTRY_WORKERS", Integer.toString(WORKERS));
        env.put("TENANTRY_SCHEDULER_PROVIDER", scheduler);
        env.put("TENANTRY_SCHEDULER_MAX_WORKER_SHARE", maxWorkerShare);
        env.put("TENANTRY_SCHEDULER_MAX_QUEUED", "100000");
        freshTurns.ifPresent(n -> env.put("TENANTRY_SCHEDULER_FRESH_TURNS", n));
        env.put("TENANTRY_QUOTAS_PROVIDER", "standard");
        env.put("TENANTRY_ISOLATION_PROVIDER", "graaljs");
        env.put("TENANTRY_ISOLATION_MODE", mode);
        Path jit = Path.of("isolation-graaljs/target/jit").toAbsolutePath();
        if (mode.equals("process") && Files.isDirectory(jit)) {
            env.put("TENANTRY_ISOLATION_JIT_MODULE_PATH", jit.toString());
        }
        return Tenantry.builder().config(TenantryConfig.load(Optional.empty(), env)).clock(Clock.systemUTC()).build();
    }

    private TenantId tenant(Platform p, String id, Priority priority) {
        return tenant(p, id, priority, 100_000);
    }

    private TenantId tenant(Platform p, String id, Priority priority, int maxQueued) {
        // limits far above what the run reaches: the measure is of scheduling, not admission
        p.tenants().create(NewTenant.of(id, id, Tier.ENTERPRISE).withPriority(priority).withOverrides(
                LimitOverrides.of("executions-per-minute", "1000000000", "burst", "1000000000",
                        "daily-executions", "1000000000000", "monthly-executions", "1000000000000",
                        "max-concurrent", "1000", "max-queued", Integer.toString(maxQueued), "queue-timeout", "60s",
                        "cpu-time", "30s", "wall-time", "60s")));
        return TenantId.of(id);
    }

    /**
     * The engines compile the loop after some runs (worker JVMs much later); the first seconds are not measured.
     * The warm-up counts from the first completed execution: worker processes report ready only after their own
     * warm-up, which took about 15 s of a 30 s warm-up counted from the platform's start (logged).
     */
    private void warm(Platform p) throws Exception {
        TenantId w = tenant(p, "warm", Priority.NORMAL);
        p.submit(w, busy).get();
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(warmupMs);
        List<CompletableFuture<?>> running = new ArrayList<>();
        while (System.nanoTime() < end) {
            running.removeIf(CompletableFuture::isDone);
            while (running.size() < 2 * WORKERS) {
                running.add(p.submit(w, busy));
            }
            Thread.sleep(1);
        }
        for (CompletableFuture<?> f : running) {
            f.get();
        }
    }

    /** Keeps {@code OUTSTANDING} executions of each tenant in the pipeline; counts completions in the window. */
    private Map<TenantId, Long> backlogged(Platform p, List<TenantId> tenants) throws InterruptedException {
        return backlogged(p, tenants, OUTSTANDING, MEASURE_MS);
    }

    /**
     * What the pool completes per second when it never waits for work: one tenant alone (the worker-share rule
     * only holds back a tenant while others wait) with more executions outstanding than there are workers.
     */
    private double capacity(Platform p) throws InterruptedException {
        TenantId t = tenant(p, "capacity", Priority.NORMAL);
        long window = 5_000;
        long done = backlogged(p, List.of(t), 4 * WORKERS, window).get(t);
        return done * 1000.0 / window;
    }

    private Map<TenantId, Long> backlogged(Platform p, List<TenantId> tenants, int outstanding, long windowMs)
            throws InterruptedException {
        Map<TenantId, AtomicLong> done = new ConcurrentHashMap<>();
        AtomicBoolean counting = new AtomicBoolean();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong inFlight = new AtomicLong();
        for (TenantId t : tenants) {
            done.put(t, new AtomicLong());
            for (int i = 0; i < outstanding; i++) {
                loop(p, t, done.get(t), counting, running, inFlight);
            }
        }
        Thread.sleep(1_000);
        counting.set(true);
        Thread.sleep(windowMs);
        counting.set(false);
        running.set(false);
        // the backlog left behind drains before the next measure, or it would sit in front of it
        while (inFlight.get() > 0) {
            Thread.sleep(50);
        }
        Map<TenantId, Long> counts = new HashMap<>();
        done.forEach((t, n) -> counts.put(t, n.get()));
        return counts;
    }

    private void loop(Platform p, TenantId t, AtomicLong done, AtomicBoolean counting, AtomicBoolean running,
                             AtomicLong inFlight) {
        if (!running.get()) {
            return;
        }
        inFlight.incrementAndGet();
        p.submit(t, busy).whenComplete((r, e) -> {
            if (e == null && r.succeeded() && counting.get()) {
                done.incrementAndGet();
            }
            inFlight.decrementAndGet();
            loop(p, t, done, counting, running, inFlight);
        });
    }

    private void jain(Platform p, Map<String, String> rows, String scheduler) throws Exception {
        List<TenantId> tenants = new ArrayList<>();
        for (int i = 0; i < JAIN_TENANTS; i++) {
            tenants.add(tenant(p, String.format("j%03d", i), Priority.NORMAL));
        }
        Map<TenantId, Long> counts = backlogged(p, tenants);
        double sum = 0;
        double squares = 0;
        long min = Long.MAX_VALUE;
        long max = 0;
        for (long c : counts.values()) {
            sum += c;
            squares += (double) c * c;
            min = Math.min(min, c);
            max = Math.max(max, c);
        }
        double mean = sum / counts.size();
        double index = squares == 0 ? 0 : sum * sum / (counts.size() * squares);
        rows.put(scheduler, String.format(Locale.ROOT, "| %s | %.0f | %.4f | %.2f | %.2f |", scheduler,
                sum * 1000 / MEASURE_MS, index, min / mean, max / mean));
    }

    private void weights(Platform p, Map<String, String> rows, String scheduler) throws Exception {
        Priority[] priorities = {Priority.LOW, Priority.NORMAL, Priority.HIGH, Priority.CRITICAL};
        double[] expected = {1 / 15.0, 2 / 15.0, 4 / 15.0, 8 / 15.0};
        List<TenantId> tenants = new ArrayList<>();
        for (Priority pr : priorities) {
            tenants.add(tenant(p, "w-" + pr.name().toLowerCase(Locale.ROOT), pr));
        }
        Map<TenantId, Long> counts = backlogged(p, tenants);
        double total = counts.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder row = new StringBuilder("| " + scheduler + " |");
        double worst = 0;
        for (int i = 0; i < tenants.size(); i++) {
            double share = total == 0 ? 0 : counts.get(tenants.get(i)) / total;
            worst = Math.max(worst, Math.abs(share - expected[i]) / expected[i]);
            row.append(String.format(Locale.ROOT, " %.2f%% |", share * 100));
        }
        row.append(String.format(Locale.ROOT, " %.1f%% |", worst * 100));
        rows.put(scheduler, row.toString());
    }

    /**
     * The simulation's proportions on the real pool: 20 light tenants offering together a quarter of the measured
     * capacity, a heavy one offering 100 times a light tenant's load (1.25 times the capacity), so the pool is
     * overloaded for the whole window. The heavy tenant's queue is bounded, as a deployment's would be, so its
     * backlog cannot grow without end; what it could not queue is counted as not run.
     */
    private void noisy(Platform p, Map<String, String> rows, String scheduler, double capacity)
            throws Exception {
        double lightRate = capacity * 0.0125;
        List<TenantId> light = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            light.add(tenant(p, String.format("l%02d", i), Priority.NORMAL));
        }
        TenantId heavy = tenant(p, "heavy", Priority.NORMAL, HEAVY_MAX_QUEUED);
        // Each tenant's first executions pay for what the pipeline sets up per tenant; without this the first
        // window alone carried those costs and the neighbour's windows did not.
        List<TenantId> everyone = new ArrayList<>(light);
        everyone.add(heavy);
        for (int i = 0; i < 3; i++) {
            List<CompletableFuture<?>> first = new ArrayList<>();
            for (TenantId t : everyone) {
                first.add(p.submit(t, busy));
            }
            for (CompletableFuture<?> f : first) {
                f.get();
            }
        }
        // Rounds of alone then together, each pair with its own arrivals, pooled: one 10 s window holds about
        // 300 light executions, so its p99 rests on its three slowest, and the machine's own hiccups moved a
        // single window's p99 by up to 4x between runs.
        Run alone = new Run(new ArrayList<>(), new ArrayList<>(), new AtomicLong(), new AtomicLong());
        Run together = new Run(new ArrayList<>(), new ArrayList<>(), new AtomicLong(), new AtomicLong());
        for (int round = 0; round < rounds; round++) {
            long seed = SEED + 2L * round;
            add(alone, open(p, light, lightRate, Optional.empty(), seed));
            add(together, open(p, light, lightRate, Optional.of(heavy), seed));
        }
        double aloneP50 = percentile(alone.lightDelays, 0.50);
        double aloneP99 = percentile(alone.lightDelays, 0.99);
        double withP50 = percentile(together.lightDelays, 0.50);
        double withP99 = percentile(together.lightDelays, 0.99);
        double service = percentile(alone.lightService, 0.50);
        rows.put(scheduler, String.format(Locale.ROOT,
                "| %s | %.0f/s | %.1f ms | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.2f | %.0f/s | %.0f/s | %d |",
                scheduler, capacity, service, aloneP50, aloneP99, withP50, withP99,
                withP99 / Math.max(aloneP99, 0.001), lightRate * 100,
                together.heavyInWindow.get() * 1000.0 / (MEASURE_MS * rounds), together.heavyNotRun.get()));
    }

    private static void add(Run into, Run from) {
        into.lightDelays.addAll(from.lightDelays);
        into.lightService.addAll(from.lightService);
        into.heavyInWindow.addAndGet(from.heavyInWindow.get());
        into.heavyNotRun.addAndGet(from.heavyNotRun.get());
    }

    private record Run(List<Double> lightDelays, List<Double> lightService, AtomicLong heavyInWindow,
                       AtomicLong heavyNotRun) {
    }

    /**
     * Open-loop load with the simulation's arrival process: each light tenant submits bursts of {@link #BURST}
     * tasks at exponentially distributed intervals, {@code lightRate} tasks a second on average; the heavy tenant
     * (when present) submits single tasks at exponential intervals, 100 times that rate, whatever the platform's
     * backlog, for the measurement window. The same seed gives the light tenants the same arrivals with and
     * without the neighbour. Light queue delays of executions submitted in the window are collected.
     */
    private Run open(Platform p, List<TenantId> light, double lightRate, Optional<TenantId> heavy, long seed)
            throws Exception {
        Run run = new Run(Collections.synchronizedList(new ArrayList<>()), Collections.synchronizedList(new ArrayList<>()),
                new AtomicLong(), new AtomicLong());
        List<long[]> arrivals = new ArrayList<>(); // {nanos from start, tenant index; -1 for the heavy tenant}
        long windowNanos = TimeUnit.MILLISECONDS.toNanos(MEASURE_MS);
        SplittableRandom lights = new SplittableRandom(seed);
        double meanBurstGap = 1e9 * BURST / lightRate;
        for (int i = 0; i < light.size(); i++) {
            for (long at = Simulator.exponential(lights, meanBurstGap); at < windowNanos;
                    at += Simulator.exponential(lights, meanBurstGap)) {
                for (int k = 0; k < BURST; k++) {
                    arrivals.add(new long[] {at, i});
                }
            }
        }
        if (heavy.isPresent()) {
            SplittableRandom heavies = new SplittableRandom(seed + 1);
            double meanGap = 1e9 / (100 * lightRate);
            for (long at = Simulator.exponential(heavies, meanGap); at < windowNanos;
                    at += Simulator.exponential(heavies, meanGap)) {
                arrivals.add(new long[] {at, -1});
            }
        }
        arrivals.sort(Comparator.comparingLong(a -> a[0]));
        List<CompletableFuture<?>> pending = new ArrayList<>(arrivals.size());
        long start = System.nanoTime();
        for (long[] a : arrivals) {
            long wait = start + a[0] - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (a[1] < 0) {
                pending.add(p.submit(heavy.orElseThrow(), busy).whenComplete((r, e) -> {
                    if (e == null && r.succeeded()) {
                        if (System.nanoTime() - start < windowNanos) {
                            run.heavyInWindow.incrementAndGet();
                        }
                    } else {
                        run.heavyNotRun.incrementAndGet();
                    }
                }));
            } else {
                pending.add(p.submit(light.get((int) a[1]), busy).whenComplete((r, e) -> {
                    if (e == null && r.succeeded()) {
                        run.lightDelays.add(r.queueDelay().toNanos() / 1e6);
                        run.lightService.add(Duration.between(r.startedAt(), r.finishedAt()).toNanos() / 1e6);
                    }
                }));
            }
        }
        // light work already submitted runs to the end so its delay counts; the heavy backlog is waited for too,
        // or it would sit in front of the next run
        for (CompletableFuture<?> f : pending) {
            try {
                f.get(120, TimeUnit.SECONDS);
            } catch (ExecutionException ignored) {
                // counted as not run above
            }
        }
        return run;
    }

    private static double percentile(List<Double> values, double q) {
        List<Double> sorted;
        synchronized (values) {
            sorted = new ArrayList<>(values);
        }
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }
}
