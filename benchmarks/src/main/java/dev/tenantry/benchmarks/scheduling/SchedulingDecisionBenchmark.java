package dev.tenantry.benchmarks.scheduling;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.scheduling.ScheduledTask;
import dev.tenantry.spi.scheduling.Scheduler;
import dev.tenantry.spi.tenant.Priority;
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
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The cost of one scheduling decision with 10, 1,000 and 100,000 active tenants, each with two tasks queued.
 * One operation is the steady state of a busy platform: {@code next} picks a task, the task finishes
 * ({@code finished}) and its tenant offers another ({@code offer}), so the number of active tenants stays
 * constant. Tenants have mixed priorities (weights 1, 2, 4, 8).
 *
 * <p>Ten warm-up iterations: at 100,000 tenants the first seconds after the set-up (200,000 tasks created at once)
 * ran at 1.3-1.6 µs per operation while the collector settled the new objects, then at about 0.4 µs; with
 * three warm-up iterations those seconds landed in the measurement and made its error wider than its mean.
 *
 * <p>Run with {@code java -jar benchmarks/target/benchmarks.jar SchedulingDecisionBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(2)
public class SchedulingDecisionBenchmark {
    private static final int WORKERS = 64;
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    /** Active tenants. */
    @Param({"10", "1000", "100000"})
    public int tenants;

    /** The scheduler's name. */
    @Param({"fair", "priority-aging", "fifo"})
    public String scheduler;

    private Scheduler s;
    private long sequence;
    private Instant now;

    /** Queues two tasks for every tenant. */
    @Setup(Level.Trial)
    public void fill() {
        s = Schedulers.create(scheduler, WORKERS, Map.of("max-queued", Integer.toString(4 * tenants + 16)));
        now = NOW;
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < tenants; i++) {
                Priority p = Priority.values()[i % 4];
                s.offer(task(TenantId.of("t" + i), p));
            }
        }
    }

    private ScheduledTask task(TenantId tenant, Priority priority) {
        return new ScheduledTask(++sequence, tenant, priority, priority.defaultWeight(), 4, 16, now,
                now.plus(Duration.ofHours(1)));
    }

    /** {@return the task decided on}, after it finished and its tenant offered the next one */
    @Benchmark
    public ScheduledTask decision() {
        now = now.plusNanos(1_000);
        ScheduledTask t = s.next(now).orElseThrow();
        s.finished(t);
        s.offer(task(t.tenant(), t.priority()));
        return t;
    }

    /** Releases the scheduler. */
    @TearDown(Level.Trial)
    public void close() {
        s.close();
    }
}
