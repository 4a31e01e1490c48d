package dev.tenantry.benchmarks.metering;

import dev.tenantry.metering.jdbc.JdbcMeteringProvider;
import dev.tenantry.metering.jdbc.JdbcUsageStore;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.execution.ExecutionId;
import dev.tenantry.spi.execution.ExecutionUsage;
import dev.tenantry.spi.metering.UsageEvent;
import dev.tenantry.spi.metering.UsageStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Durable usage events per second: producers each record one execution at a time and wait until it is
 * committed, as the execution pipeline does. Compares the group commit with one commit per event (the same
 * writer with a batch size of 1 and no window), and reports how many committed events the background rollup
 * had not reached when each run ended.
 *
 * <p>Producers are virtual threads by default, as the reference server's request handlers are: a request
 * waits for its execution's result, which completes once the usage event is durable. {@code
 * --producer-threads platform} gives each producer an operating-system thread instead, which costs the
 * benchmark's own process about twice the kernel time per event (thread wake-ups) for the same throughput.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.tenantry.benchmarks.metering.MeteringLoad \
 *     [--url JDBC-URL] [--producers 1,8,64] [--modes group,single] [--seconds 10] [--warmup 3] [--jit-warmup 10]
 *     [--group-commit-window 2ms] [--group-commit-writers 2] [--group-commit-max-batch 1000] [--pool-size 8]
 *     [--producer-threads virtual|platform]
 * </pre>
 * Without {@code --url} it runs on an H2 file database in a temporary folder.
 */
public final class MeteringLoad {
    private MeteringLoad() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        String url = opts.get("url");
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "10"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "3"));
        List<Integer> producerCounts = new ArrayList<>();
        for (String p : opts.getOrDefault("producers", "1,8,64").split(",")) {
            producerCounts.add(Integer.parseInt(p.strip()));
        }
        String[] modes = opts.getOrDefault("modes", "group,single").split(",");
        System.out.printf("database: %s%n", url == null ? "H2 (embedded file)" : url.replaceAll("\\?.*", ""));
        // One discarded run first, so the JIT has compiled the write path before anything is measured;
        // otherwise the first configuration pays for the compilation.
        int jitWarmup = Integer.parseInt(opts.getOrDefault("jit-warmup", "10"));
        if (jitWarmup > 0) {
            measure(url, opts, "group", 16, jitWarmup, 1);
        }
        System.out.printf("%-8s %10s %14s %14s %18s%n", "mode", "producers", "events/s", "events/commit",
                "not rolled up");
        for (String mode : modes) {
            for (int producers : producerCounts) {
                Result r = measure(url, opts, mode.strip(), producers, warmup, seconds);
                System.out.printf("%-8s %10d %14.0f %14.1f %18d%n", mode.strip(), producers, r.perSecond, r.perCommit,
                        r.pendingRollup);
            }
        }
    }

    private static Result measure(String url, Map<String, String> opts, String mode, int producers, int warmup,
                                  int seconds) throws Exception {
        Path data = Files.createTempDirectory("tenantry-metering-load");
        Map<String, String> config = new HashMap<>();
        if (url != null) {
            config.put("url", url);
        }
        opts.entrySet().stream().filter(e -> e.getKey().startsWith("group-commit-") || e.getKey().equals("pool-size"))
                .forEach(e -> config.put(e.getKey(), e.getValue()));
        if (mode.equals("single")) {
            // The naive design: every execution commits its own event, as many at once as the pool allows.
            config.put("group-commit-max-batch", "1");
            config.put("group-commit-window", "0ms");
            config.put("group-commit-writers", config.getOrDefault("pool-size", "8"));
        }
        try (BenchmarkContext context = new BenchmarkContext(config, data)) {
            JdbcUsageStore store = (JdbcUsageStore) new JdbcMeteringProvider().create(context);
            Result r = run(store, producers, virtualProducers(opts), warmup, seconds);
            store.close();
            return r;
        } finally {
            try (var paths = Files.walk(data)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * @param pendingRollup committed events the background rollup had not reached when the run ended: shows
     *     whether it keeps up with the write rate (a bounded figure) or falls behind (one that grows with it)
     */
    private record Result(double perSecond, double perCommit, long pendingRollup) {
    }

    private static Result run(JdbcUsageStore store, int producers, boolean virtualProducers, int warmupSeconds,
                              int seconds) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean measuring = new AtomicBoolean();
        LongAdder recorded = new LongAdder();
        List<TenantId> tenants = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            tenants.add(TenantId.of("load-" + i));
        }
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            Runnable producer = () -> produce(store, tenants, stop, measuring, recorded);
            threads.add(virtualProducers ? Thread.ofVirtual().start(producer)
                    : Thread.ofPlatform().daemon(true).start(producer));
        }
        Thread.sleep(TimeUnit.SECONDS.toMillis(warmupSeconds));
        long commitsBefore = store.commits();
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        measuring.set(false);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long commits = store.commits() - commitsBefore;
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        long n = recorded.sum();
        return new Result(n / elapsed, commits == 0 ? 0 : (double) n / commits, store.notRolledUp());
    }

    private static void produce(UsageStore store, List<TenantId> tenants, AtomicBoolean stop, AtomicBoolean measuring,
                                LongAdder recorded) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!stop.get()) {
            TenantId tenant = tenants.get(random.nextInt(tenants.size()));
            long wall = 1_000_000 + random.nextInt(50_000_000);
            UsageEvent e = UsageEvent.execution(ExecutionId.random().value(), tenant, java.time.Instant.now(), "execute",
                    "succeeded", new ExecutionUsage(wall / 2, wall, 1 << 16, 2, 100,
                            ExecutionUsage.memoryMbSeconds(64L << 20, wall)));
            try {
                store.record(e).get(60, TimeUnit.SECONDS);
                if (measuring.get()) {
                    recorded.increment();
                }
            } catch (Exception ex) {
                System.err.println("record failed: " + ex);
                return;
            }
        }
    }

    private static boolean virtualProducers(Map<String, String> opts) {
        String kind = opts.getOrDefault("producer-threads", "virtual");
        return switch (kind) {
            case "virtual" -> true;
            case "platform" -> false;
            default -> throw new IllegalArgumentException("--producer-threads: expected virtual or platform, got "
                    + kind);
        };
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        return opts;
    }

}
