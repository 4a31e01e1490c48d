package dev.tenantry.benchmarks.scheduling;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.scheduling.ScheduledTask;
import dev.tenantry.spi.scheduling.Scheduler;
import dev.tenantry.spi.tenant.Priority;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A discrete-event simulation of the platform's worker pool in virtual time: tasks arrive (open loop from a
 * list, or closed loop: a backlogged tenant offers a new task whenever one of its tasks starts), the scheduler
 * decides which queued task takes a free worker, and each task holds its worker for an exponentially
 * distributed service time. Everything is seeded, so a run is deterministic.
 */
final class Simulator {

    /** A tenant as the simulation sees it. */
    record Tenant(TenantId id, Priority priority, int maxConcurrent, int maxQueued, int backlog) {
        /** A tenant that keeps {@code backlog} tasks queued at all times (0: it only submits its arrivals). */
        static Tenant of(String id, Priority priority, int maxConcurrent, int maxQueued, int backlog) {
            return new Tenant(TenantId.of(id), priority, maxConcurrent, maxQueued, backlog);
        }
    }

    /** One open-loop arrival. */
    record Arrival(long atNanos, Tenant tenant) {
    }

    /** What one run measured from {@code warmup} on. */
    record Result(Map<TenantId, Long> busyNanos, Map<TenantId, List<Long>> delaysNanos, long rejected, long expired) {
    }

    private record Completion(long atNanos, ScheduledTask task) {
    }

    private static final Duration QUEUE_TIMEOUT = Duration.ofSeconds(30);

    private final Scheduler scheduler;
    private final int workers;
    private final long meanServiceNanos;
    private final SplittableRandom random;
    private long sequence;

    Simulator(Scheduler scheduler, int workers, Duration meanService, long seed) {
        this.scheduler = scheduler;
        this.workers = workers;
        this.meanServiceNanos = meanService.toNanos();
        this.random = new SplittableRandom(seed);
    }

    private static Instant at(long nanos) {
        return Instant.EPOCH.plusNanos(nanos);
    }

    private ScheduledTask task(Tenant t, long nowNanos) {
        Instant now = at(nowNanos);
        return new ScheduledTask(++sequence, t.id(), t.priority(), t.priority().defaultWeight(), t.maxConcurrent(),
                t.maxQueued(), now, now.plus(QUEUE_TIMEOUT));
    }

    /** {@return an exponentially distributed duration of mean {@code mean}, in the mean's unit, at least 1} */
    static long exponential(SplittableRandom random, double mean) {
        return Math.max(1, Math.round(-Math.log(1 - random.nextDouble()) * mean));
    }

    Result run(List<Tenant> tenants, List<Arrival> arrivals, Duration warmup, Duration horizon) {
        long warmupNanos = warmup.toNanos();
        long end = horizon.toNanos();
        Map<TenantId, Tenant> byId = new HashMap<>();
        tenants.forEach(t -> byId.put(t.id(), t));
        Map<TenantId, Long> busy = new HashMap<>();
        Map<TenantId, List<Long>> delays = new HashMap<>();
        long rejected = 0;
        long expired = 0;
        List<Arrival> sorted = new ArrayList<>(arrivals);
        sorted.sort(Comparator.comparingLong(Arrival::atNanos));
        PriorityQueue<Completion> completions = new PriorityQueue<>(Comparator.comparingLong(Completion::atNanos)
                .thenComparingLong(c -> c.task().sequence()));
        for (Tenant t : tenants) {
            for (int i = 0; i < t.backlog(); i++) {
                scheduler.offer(task(t, 0));
            }
        }
        int free = workers;
        int nextArrival = 0;
        long now = 0;
        while (now <= end) {
            while (!completions.isEmpty() && completions.peek().atNanos() == now) {
                scheduler.finished(completions.poll().task());
                free++;
            }
            while (nextArrival < sorted.size() && sorted.get(nextArrival).atNanos() == now) {
                if (scheduler.offer(task(sorted.get(nextArrival).tenant(), now)).isPresent() && now >= warmupNanos) {
                    rejected++;
                }
                nextArrival++;
            }
            int timedOut = scheduler.expire(at(now)).size();
            if (now >= warmupNanos) {
                expired += timedOut;
            }
            while (free > 0) {
                var started = scheduler.next(at(now));
                if (started.isEmpty()) {
                    break;
                }
                ScheduledTask t = started.get();
                free--;
                long service = exponential(random, meanServiceNanos);
                completions.add(new Completion(now + service, t));
                long enqueued = Duration.between(Instant.EPOCH, t.enqueuedAt()).toNanos();
                if (now >= warmupNanos) {
                    busy.merge(t.tenant(), service, Long::sum);
                    delays.computeIfAbsent(t.tenant(), k -> new ArrayList<>()).add(now - enqueued);
                }
                Tenant tenant = byId.get(t.tenant());
                if (tenant.backlog() > 0) {
                    scheduler.offer(task(tenant, now));
                }
            }
            long next = Long.MAX_VALUE;
            if (!completions.isEmpty()) {
                next = completions.peek().atNanos();
            }
            if (nextArrival < sorted.size()) {
                next = Math.min(next, sorted.get(nextArrival).atNanos());
            }
            var deadline = scheduler.nextDeadline();
            if (deadline.isPresent()) {
                next = Math.min(next, Math.max(now + 1, Duration.between(Instant.EPOCH, deadline.get()).toNanos()));
            }
            if (next == Long.MAX_VALUE) {
                break;
            }
            now = next;
        }
        return new Result(busy, delays, rejected, expired);
    }
}
