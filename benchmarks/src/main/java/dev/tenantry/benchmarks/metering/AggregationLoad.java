package dev.tenantry.benchmarks.metering;

import dev.tenantry.metering.jdbc.JdbcMeteringProvider;
import dev.tenantry.metering.jdbc.JdbcUsageStore;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.execution.ExecutionId;
import dev.tenantry.spi.execution.ExecutionUsage;
import dev.tenantry.spi.metering.Granularity;
import dev.tenantry.spi.metering.Meter;
import dev.tenantry.spi.metering.UsageEvent;

import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Read latency of aggregations: one tenant with {@code --events} (default 1,000,000) executions spread over a
 * month, and {@code --tenants} (default 10,000) other tenants with one execution a day each; then the month's
 * summary of the big tenant, its daily and hourly buckets, every tenant's summary and the top 10 by CPU.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.tenantry.benchmarks.metering.AggregationLoad \
 *     [--url JDBC-URL] [--events 1000000] [--tenants 10000] [--repeat 50] [--seed false]
 * </pre>
 */
public final class AggregationLoad {
    private static final Instant MONTH = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant NEXT_MONTH = Instant.parse("2026-12-01T00:00:00Z");

    private AggregationLoad() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = MeteringLoad.options(args);
        int events = Integer.parseInt(opts.getOrDefault("events", "1000000"));
        int tenants = Integer.parseInt(opts.getOrDefault("tenants", "10000"));
        int repeat = Integer.parseInt(opts.getOrDefault("repeat", "50"));
        Map<String, String> config = new HashMap<>();
        if (opts.containsKey("url")) {
            config.put("url", opts.get("url"));
        }
        config.put("group-commit-max-batch", "4000");
        config.put("group-commit-window", "5ms");
        config.put("queue-capacity", "200000");
        config.put("retention", "3650d");
        java.nio.file.Path data = Files.createTempDirectory("tenantry-agg-load");
        try (BenchmarkContext context = new BenchmarkContext(config, data)) {
            JdbcUsageStore store = (JdbcUsageStore) new JdbcMeteringProvider().create(context);
            TenantId big = TenantId.of("big-tenant");
            long seedStart = System.nanoTime();
            if (Boolean.parseBoolean(opts.getOrDefault("seed", "true"))) {
            long monthNanos = (NEXT_MONTH.getEpochSecond() - MONTH.getEpochSecond()) * 1_000_000_000L;
            seed(store, events, i -> UsageEvent.execution(ExecutionId.random().value(), big,
                    MONTH.plusNanos(monthNanos / events * i), "execute", "succeeded", usage(i)));
            seed(store, tenants * 30, i -> UsageEvent.execution(ExecutionId.random().value(),
                    TenantId.of("tenant-" + (i % tenants)), MONTH.plusSeconds(86_400L * (i / tenants) + 3_600),
                    "execute", "succeeded", usage(i)));
            System.out.printf("seeded %,d + %,d events in %.1f s%n", events, tenants * 30L,
                    (System.nanoTime() - seedStart) / 1e9);
            }

            // Readers add the events the background rollup has not reached yet, so a backlog left by the seeding
            // makes the first queries read raw events: reported so that the figures can be read with it.
            System.out.printf("not rolled up when the queries start: %,d events%n", store.notRolledUp());
            System.out.printf("%-40s %10s %10s %10s %10s%n", "query", "mean ms", "p50 ms", "p99 ms", "max ms");
            time("summarize(big, month)", repeat, () -> store.summarize(big, MONTH, NEXT_MONTH).executions());
            time("summarize(big, unaligned month)", repeat,
                    () -> store.summarize(big, MONTH.plusSeconds(1234), NEXT_MONTH.minusSeconds(77)).executions());
            time("usage(big, DAY, month)", repeat, () -> store.usage(big, Granularity.DAY, MONTH, NEXT_MONTH).size());
            time("usage(big, HOUR, month)", repeat, () -> store.usage(big, Granularity.HOUR, MONTH, NEXT_MONTH).size());
            time("summarizeAll(month), " + (tenants + 1) + " tenants", Math.max(3, repeat / 10),
                    () -> store.summarizeAll(MONTH, NEXT_MONTH).size());
            time("top(CPU_MS, month, 10)", Math.max(3, repeat / 10),
                    () -> store.top(Meter.CPU_MS, MONTH, NEXT_MONTH, 10).size());
            System.out.printf("check: big tenant month executions = %,d%n", store.summarize(big, MONTH, NEXT_MONTH).executions());
            System.out.printf("not rolled up when the queries end: %,d events%n", store.notRolledUp());
            store.close();
        } finally {
            try (var paths = Files.walk(data)) {
                for (java.nio.file.Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static ExecutionUsage usage(long i) {
        long wall = 1_000_000 + (i % 50) * 1_000_000;
        return new ExecutionUsage(wall / 2, wall, 1 << 16, i % 3, 10, ExecutionUsage.memoryMbSeconds(64L << 20, wall));
    }

    private interface EventFactory {
        UsageEvent event(long i);
    }

    private static void seed(JdbcUsageStore store, long n, EventFactory factory) throws Exception {
        final int chunk = 100_000;
        for (long base = 0; base < n; base += chunk) {
            List<CompletableFuture<Void>> futures = new ArrayList<>(chunk);
            for (long i = base; i < Math.min(n, base + chunk); i++) {
                futures.add(store.record(factory.event(i)));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        }
    }

    private static void time(String name, int repeat, Supplier<Object> query) {
        for (int i = 0; i < 3; i++) {
            query.get();
        }
        double[] ms = new double[repeat];
        for (int i = 0; i < repeat; i++) {
            long t = System.nanoTime();
            query.get();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        double mean = Arrays.stream(ms).average().orElse(0);
        System.out.printf("%-40s %10.2f %10.2f %10.2f %10.2f%n", name, mean, ms[repeat / 2],
                ms[Math.min(repeat - 1, (int) Math.ceil(repeat * 0.99) - 1)], ms[repeat - 1]);
    }
}
