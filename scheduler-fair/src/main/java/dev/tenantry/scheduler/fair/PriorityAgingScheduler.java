package dev.tenantry.scheduler.fair;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.scheduling.ScheduledTask;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The seed's policy, kept so that it can be measured against {@code fair}: on every decision the whole queue
 * is sorted by {@code weight * waitTime}, highest first, and the first task whose tenant may start one runs.
 * Ties (equal scores, such as tasks offered at the same instant) go to the task offered first.
 *
 * <p>A decision costs O(n log n) in the number of queued tasks, as in the seed. Within one tenant the oldest
 * task always has the highest score (a tenant's tasks share its weight), so taking the tenant's oldest task
 * is the seed's choice. Concurrency caps and the worker-share rule apply as in the other schedulers.
 */
final class PriorityAgingScheduler extends QueueingScheduler<TenantQueue> {

    PriorityAgingScheduler(SchedulerSettings settings, int workerSlots) {
        super(settings, workerSlots);
    }

    @Override
    TenantQueue newQueue(TenantId tenant) {
        return new TenantQueue(tenant);
    }

    @Override
    TenantQueue pick(Instant now) {
        List<ScheduledTask> all = new ArrayList<>();
        queuedTasks().forEach(all::add);
        Comparator<ScheduledTask> byScore = Comparator.comparingDouble((ScheduledTask t) -> score(t, now)).reversed();
        all.sort(byScore.thenComparingLong(ScheduledTask::sequence));
        TenantQueue firstRunnable = null;
        for (ScheduledTask task : all) {
            TenantQueue queue = queueOf(task.tenant());
            if (!queue.runnable()) {
                continue;
            }
            if (!atWorkerShare(queue)) {
                return queue;
            }
            if (firstRunnable == null) {
                firstRunnable = queue;
            }
        }
        // only tenants at their worker share can start anything: no one else waits, so one of them may
        return firstRunnable;
    }

    private double score(ScheduledTask task, Instant now) {
        Duration waited = Duration.between(task.enqueuedAt(), now);
        double nanos = waited.isNegative() ? 0 : waited.toNanos();
        return settings().weightOf(task.priority(), task.weight()) * nanos;
    }

    @Override
    void enqueued(TenantQueue queue, boolean wasEmpty) {
    }

    @Override
    void dispatched(TenantQueue queue) {
    }

    @Override
    void finished(TenantQueue queue) {
    }

    @Override
    void cleared() {
    }
}
