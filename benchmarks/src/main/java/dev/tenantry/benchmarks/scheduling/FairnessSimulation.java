package dev.tenantry.benchmarks.scheduling;

import dev.tenantry.spi.scheduling.Scheduler;
import dev.tenantry.spi.tenant.Priority;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The fairness benchmark: three scenarios simulated in virtual time for {@code fair}, {@code priority-aging}
 * and {@code fifo} side by side, printed as Markdown tables.
 * <ol>
 *   <li>Jain's fairness index of the worker time of 100 equally weighted, always backlogged tenants;</li>
 *   <li>the worker-time shares of four backlogged tenants of weights 1:2:4:8 against their weights;</li>
 *   <li>a noisy neighbour: one tenant offering 100 times the load of each of 20 light tenants, enough to
 *       overload the pool; the light tenants' p99 queueing delay against their p99 when alone; once with the
 *       heavy tenant at the light tenants' priority and once at {@code critical}.</li>
 * </ol>
 * Deterministic: the same seed gives the same tables on any machine. Run with
 * {@code java -cp benchmarks/target/benchmarks.jar dev.tenantry.benchmarks.scheduling.FairnessSimulation}.
 */
public final class FairnessSimulation {
    private static final Duration SERVICE = Duration.ofMillis(10);
    private static final Duration WARMUP = Duration.ofSeconds(5);
    private static final Duration HORIZON = Duration.ofSeconds(65);
    private static final long SEED = 20261123L;

    private FairnessSimulation() {
    }

    /**
     * Runs the three scenarios and prints the tables.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.println("## Jain's fairness index: 100 equal tenants, always backlogged, 16 workers\n");
        System.out.println("| scheduler | Jain's index | min share / mean | max share / mean |");
        System.out.println("|---|---|---|---|");
        for (String name : Schedulers.NAMES) {
            jain(name);
        }
        for (String share : List.of("1.0", "0.5")) {
            System.out.println("\n## Weighted shares 1:2:4:8, always backlogged, 16 workers, max-worker-share "
                    + share + "\n");
            System.out.println("| scheduler | low (1/15 = 6.67%) | normal (13.33%) | high (26.67%) | critical (53.33%) "
                    + "| worst relative error |");
            System.out.println("|---|---|---|---|---|---|");
            for (String name : Schedulers.NAMES) {
                weights(name, share);
            }
        }
        for (Priority heavyPriority : List.of(Priority.NORMAL, Priority.CRITICAL)) {
            for (String share : List.of("0.5", "1.0")) {
                System.out.println("\n## Noisy neighbour: 20 light tenants (normal) + 1 heavy (" + heavyPriority
                        + ", 100x a light tenant's load), 8 workers, max-worker-share " + share + "\n");
                System.out.println("| scheduler | light p50 alone | light p99 alone | light p99 with neighbour "
                        + "| ratio (target <= 2) | heavy share of workers | heavy rejected (queue_full) |");
                System.out.println("|---|---|---|---|---|---|---|");
                for (String name : Schedulers.NAMES) {
                    noisy(name, share, heavyPriority, 8);
                }
            }
        }
        // The real pipeline's pool on two cores: the same loads scaled to a quarter.
        System.out.println("\n## Noisy neighbour on 2 workers: the same, every rate a quarter, max-worker-share 0.5\n");
        System.out.println("| scheduler | light p50 alone | light p99 alone | light p99 with neighbour "
                + "| ratio (target <= 2) | heavy share of workers | heavy rejected (queue_full) |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (String name : Schedulers.NAMES) {
            noisy(name, "0.5", Priority.NORMAL, 2);
        }
        // fair without its fresh ring: plain deficit round robin, for comparison
        noisy("fair", "0.5", Priority.NORMAL, 2, Map.of("fresh-turns", "0"), "fair, fresh-turns 0");
    }

    private static void jain(String name) {
        int workers = 16;
        List<Simulator.Tenant> tenants = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            tenants.add(Simulator.Tenant.of(String.format("t%03d", i), Priority.NORMAL, 16, 100, 4));
        }
        Scheduler s = Schedulers.create(name, workers, Map.of("max-queued", "100000"));
        Simulator.Result r = new Simulator(s, workers, SERVICE, SEED).run(tenants, List.of(), WARMUP, HORIZON);
        double sum = 0;
        double squares = 0;
        double min = Double.MAX_VALUE;
        double max = 0;
        for (Simulator.Tenant t : tenants) {
            double x = r.busyNanos().getOrDefault(t.id(), 0L);
            sum += x;
            squares += x * x;
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        double mean = sum / tenants.size();
        double index = sum * sum / (tenants.size() * squares);
        System.out.printf(Locale.ROOT, "| %s | %.4f | %.3f | %.3f |%n", name, index, min / mean, max / mean);
    }

    private static void weights(String name, String share) {
        int workers = 16;
        List<Simulator.Tenant> tenants = new ArrayList<>();
        for (Priority p : Priority.values()) {
            tenants.add(Simulator.Tenant.of(p.id(), p, 16, 100, 16));
        }
        Scheduler s = Schedulers.create(name, workers, Map.of("max-queued", "100000", "max-worker-share", share));
        Simulator.Result r = new Simulator(s, workers, SERVICE, SEED).run(tenants, List.of(), WARMUP, HORIZON);
        double total = r.busyNanos().values().stream().mapToLong(Long::longValue).sum();
        StringBuilder row = new StringBuilder("| " + name + " |");
        double worst = 0;
        for (Simulator.Tenant t : tenants) {
            double achieved = r.busyNanos().getOrDefault(t.id(), 0L) / total;
            double expected = t.priority().defaultWeight() / 15.0;
            worst = Math.max(worst, Math.abs(achieved - expected) / expected);
            row.append(String.format(Locale.ROOT, " %.2f%% |", achieved * 100));
        }
        row.append(String.format(Locale.ROOT, " %.1f%% |", worst * 100));
        System.out.println(row);
    }

    /** The loads are those of an 8-worker pool, scaled by {@code workers / 8}. */
    private static void noisy(String name, String share, Priority heavyPriority, int workers) {
        noisy(name, share, heavyPriority, workers, Map.of(), name);
    }

    private static void noisy(String name, String share, Priority heavyPriority, int workers,
                              Map<String, String> extraConfig, String label) {
        long scale = 8 / workers;
        SplittableRandom random = new SplittableRandom(SEED);
        List<Simulator.Tenant> light = new ArrayList<>();
        List<Simulator.Arrival> lightArrivals = new ArrayList<>();
        long end = HORIZON.toNanos();
        for (int i = 0; i < 20; i++) {
            Simulator.Tenant t = Simulator.Tenant.of(String.format("light%02d", i), Priority.NORMAL, 2, 100, 0);
            light.add(t);
            // bursts of 5 tasks, a burst every 0.5 s on average: 10 tasks a second
            for (long at = Simulator.exponential(random, 500_000_000L * scale); at < end;
                    at += Simulator.exponential(random, 500_000_000L * scale)) {
                for (int k = 0; k < 5; k++) {
                    lightArrivals.add(new Simulator.Arrival(at, t));
                }
            }
        }
        Simulator.Tenant heavy = Simulator.Tenant.of("heavy", heavyPriority, workers, 1_000, 0);
        List<Simulator.Arrival> heavyArrivals = new ArrayList<>();
        // 100 times a light tenant's 10 tasks a second: 1000 a second against a capacity of 800
        for (long at = Simulator.exponential(random, 1_000_000L * scale); at < end;
                at += Simulator.exponential(random, 1_000_000L * scale)) {
            heavyArrivals.add(new Simulator.Arrival(at, heavy));
        }
        Map<String, String> config = new HashMap<>(extraConfig);
        config.put("max-queued", "100000");
        config.put("max-worker-share", share);

        Simulator.Result alone = new Simulator(Schedulers.create(name, workers, config), workers, SERVICE, SEED)
                .run(light, lightArrivals, WARMUP, HORIZON);
        List<Simulator.Tenant> all = new ArrayList<>(light);
        all.add(heavy);
        List<Simulator.Arrival> allArrivals = new ArrayList<>(lightArrivals);
        allArrivals.addAll(heavyArrivals);
        Simulator.Result noisy = new Simulator(Schedulers.create(name, workers, config), workers, SERVICE, SEED)
                .run(all, allArrivals, WARMUP, HORIZON);

        double p50Alone = percentile(lightDelays(alone, light), 0.50);
        double p99Alone = percentile(lightDelays(alone, light), 0.99);
        double p99Noisy = percentile(lightDelays(noisy, light), 0.99);
        double totalBusy = noisy.busyNanos().values().stream().mapToLong(Long::longValue).sum();
        double heavyShare = noisy.busyNanos().getOrDefault(heavy.id(), 0L) / totalBusy;
        System.out.printf(Locale.ROOT, "| %s | %.1f ms | %.1f ms | %.1f ms | %.2f | %.1f%% | %d |%n", label,
                p50Alone / 1e6, p99Alone / 1e6, p99Noisy / 1e6, p99Noisy / p99Alone, heavyShare * 100,
                noisy.rejected());
    }

    private static List<Long> lightDelays(Simulator.Result r, List<Simulator.Tenant> light) {
        List<Long> out = new ArrayList<>();
        for (Simulator.Tenant t : light) {
            out.addAll(r.delaysNanos().getOrDefault(t.id(), List.of()));
        }
        return out;
    }

    /** Nearest-rank percentile. */
    private static double percentile(List<Long> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
