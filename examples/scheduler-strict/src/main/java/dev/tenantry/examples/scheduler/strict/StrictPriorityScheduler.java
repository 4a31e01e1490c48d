package dev.tenantry.examples.scheduler.strict;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.quota.LimitRejection;
import dev.tenantry.spi.quota.LimitType;
import dev.tenantry.spi.scheduling.ScheduledTask;
import dev.tenantry.spi.scheduling.Scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Strict priority: of the tasks that may start, the one of the highest {@link ScheduledTask#priority()} starts
 * first, and within a priority the oldest offered. Two rules temper it: a task that has waited
 * {@link StrictPrioritySettings#promoteAfter()} or longer starts before every priority (so a flood of critical
 * work delays low-priority work by a bounded time rather than forever), and no tenant takes more than
 * {@link StrictPrioritySettings#maxWorkerShare()} of the workers while another tenant under its own share has a
 * task that could start.
 *
 * <p>Not thread-safe: the platform serializes every call, as {@link Scheduler} says. Each decision scans the
 * queue, which is fine for an example and for queues of a few thousand tasks; the {@code fair} scheduler shows
 * how to keep decisions constant-time.
 */
final class StrictPriorityScheduler implements Scheduler {

    /** Highest priority first, then oldest first. */
    private static final Comparator<ScheduledTask> ORDER = Comparator
            .comparing((ScheduledTask t) -> t.priority().ordinal()).reversed()
            .thenComparingLong(ScheduledTask::sequence);

    private final StrictPrioritySettings settings;
    private final int shareSlots;
    private final TreeMap<Long, ScheduledTask> queued = new TreeMap<>();
    private final Map<TenantId, Integer> queuedByTenant = new HashMap<>();
    private final Map<Long, ScheduledTask> running = new HashMap<>();
    private final Map<TenantId, Integer> runningByTenant = new HashMap<>();

    StrictPriorityScheduler(StrictPrioritySettings settings, int workerSlots) {
        this.settings = settings;
        this.shareSlots = Math.max(1, (int) Math.floor(settings.maxWorkerShare() * workerSlots));
    }

    @Override
    public Optional<LimitRejection> offer(ScheduledTask task) {
        int tenantQueued = queued(task.tenant());
        if (tenantQueued >= task.maxQueued()) {
            // a bound of zero never admits a task, so waiting cannot help
            Optional<Duration> retry = task.maxQueued() == 0 ? Optional.empty() : Optional.of(retryAfter(task));
            return Optional.of(new LimitRejection(task.tenant(), LimitType.QUEUE_FULL, task.maxQueued(),
                    tenantQueued, retry, "tenant " + task.tenant() + " has " + tenantQueued
                    + " tasks queued, its bound"));
        }
        if (queued.size() >= settings.maxQueued()) {
            return Optional.of(new LimitRejection(task.tenant(), LimitType.QUEUE_FULL, settings.maxQueued(),
                    queued.size(), Optional.of(retryAfter(task)), "the platform queue holds "
                    + queued.size() + " tasks, its bound"));
        }
        queued.put(task.sequence(), task);
        queuedByTenant.merge(task.tenant(), 1, Integer::sum);
        return Optional.empty();
    }

    /** The earliest queued deadline frees a place at the latest; never later than the task's own wait. */
    private Duration retryAfter(ScheduledTask task) {
        Duration untilDeadline = nextDeadline().map(d -> Duration.between(task.enqueuedAt(), d))
                .orElse(Duration.ZERO);
        Duration ownWait = Duration.between(task.enqueuedAt(), task.deadline());
        Duration retry = untilDeadline.compareTo(ownWait) < 0 ? untilDeadline : ownWait;
        return retry.isNegative() ? Duration.ZERO : retry;
    }

    @Override
    public Optional<ScheduledTask> next(Instant now) {
        Optional<ScheduledTask> pick = pick(now, true);
        if (pick.isEmpty()) {
            // nobody under its share can start: a worker must not stay idle for the share rule's sake
            pick = pick(now, false);
        }
        pick.ifPresent(this::start);
        return pick;
    }

    private Optional<ScheduledTask> pick(Instant now, boolean withinShare) {
        ScheduledTask best = null;
        boolean bestPromoted = false;
        for (ScheduledTask t : queued.values()) {
            int runs = running(t.tenant());
            if (runs >= t.maxConcurrent() || (withinShare && runs >= shareSlots)) {
                continue;
            }
            boolean promoted = !Duration.between(t.enqueuedAt(), now).minus(settings.promoteAfter()).isNegative();
            if (best == null || (promoted && !bestPromoted)
                    || (promoted == bestPromoted && !promoted && ORDER.compare(t, best) < 0)) {
                // promoted tasks keep offer order: the first promoted one met in sequence order is the oldest
                best = t;
                bestPromoted = promoted;
            }
        }
        return Optional.ofNullable(best);
    }

    private void start(ScheduledTask task) {
        queued.remove(task.sequence());
        queuedByTenant.merge(task.tenant(), -1, Integer::sum);
        running.put(task.sequence(), task);
        runningByTenant.merge(task.tenant(), 1, Integer::sum);
    }

    @Override
    public void finished(ScheduledTask task) {
        if (running.remove(task.sequence()) == null) {
            throw new IllegalArgumentException("task " + task.sequence() + " is not running");
        }
        runningByTenant.merge(task.tenant(), -1, Integer::sum);
    }

    @Override
    public List<ScheduledTask> expire(Instant now) {
        List<ScheduledTask> expired = new ArrayList<>();
        for (ScheduledTask t : queued.values()) {
            if (!t.deadline().isAfter(now)) {
                expired.add(t);
            }
        }
        // the queue is kept in offer order, which is the order expired tasks are returned in
        expired.forEach(t -> remove(t.sequence()));
        return expired;
    }

    @Override
    public boolean cancel(long sequence) {
        return remove(sequence);
    }

    private boolean remove(long sequence) {
        ScheduledTask t = queued.remove(sequence);
        if (t == null) {
            return false;
        }
        queuedByTenant.merge(t.tenant(), -1, Integer::sum);
        return true;
    }

    @Override
    public List<ScheduledTask> drain() {
        List<ScheduledTask> all = new ArrayList<>(queued.values());
        queued.clear();
        queuedByTenant.clear();
        return all;
    }

    @Override
    public int queued() {
        return queued.size();
    }

    @Override
    public int queued(TenantId tenant) {
        return queuedByTenant.getOrDefault(tenant, 0);
    }

    @Override
    public int running(TenantId tenant) {
        return runningByTenant.getOrDefault(tenant, 0);
    }

    @Override
    public Optional<Instant> nextDeadline() {
        return queued.values().stream().map(ScheduledTask::deadline).min(Comparator.naturalOrder());
    }
}
