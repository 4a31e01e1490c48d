package dev.tenantry.scheduler.fair;

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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The book-keeping every policy of this module shares: per-tenant queues in offer order, running counts,
 * the global and per-tenant bounds, deadlines, cancellation and drain. A policy only decides which tenant's
 * head task runs next ({@link #pick}) and keeps its own structures current through the hooks.
 *
 * <p>Deadlines live in a heap that is cleaned lazily: a dispatched or cancelled task stays in it until it
 * reaches the top, so a dispatch costs no heap operation. The heap is rebuilt when stale entries
 * outnumber live ones, which keeps its size within twice the queue.
 *
 * <p>Not thread-safe, as {@link Scheduler} allows: the platform serializes calls.
 *
 * @param <Q> the policy's per-tenant state
 */
abstract class QueueingScheduler<Q extends TenantQueue> implements Scheduler {
    private static final Comparator<ScheduledTask> BY_DEADLINE =
            Comparator.comparing(ScheduledTask::deadline).thenComparingLong(ScheduledTask::sequence);

    private final SchedulerSettings settings;
    private final int workerCap;
    private final Map<TenantId, Q> tenants = new HashMap<>();
    private final Map<Long, ScheduledTask> queuedBySequence = new HashMap<>();
    private final Set<Long> runningSequences = new HashSet<>();
    private PriorityQueue<ScheduledTask> deadlines = new PriorityQueue<>(BY_DEADLINE);
    private final DispatchInterval globalInterval = new DispatchInterval();

    QueueingScheduler(SchedulerSettings settings, int workerSlots) {
        if (workerSlots < 1) {
            throw new IllegalArgumentException("workerSlots must be at least 1, was " + workerSlots);
        }
        this.settings = settings;
        this.workerCap = settings.workerCap(workerSlots);
    }

    /** {@return a new, empty per-tenant state of this policy} */
    abstract Q newQueue(TenantId tenant);

    /**
     * {@return the tenant whose head task runs next, or null if none may run}. Called only when a task is
     * queued. The returned tenant must be {@link TenantQueue#runnable()}.
     */
    abstract Q pick(Instant now);

    /** A task was added to {@code queue}; {@code wasEmpty} if it is now its only task. */
    abstract void enqueued(Q queue, boolean wasEmpty);

    /** The head task of {@code queue} was dispatched (already removed, running already counted). */
    abstract void dispatched(Q queue);

    /** A task of {@code queue} finished (running already decremented). */
    abstract void finished(Q queue);

    /** A queued task of {@code queue} is about to be removed without running (expired, cancelled). */
    void beforeRemoval(Q queue) {
    }

    /** A queued task of {@code queue} was removed without running. */
    void afterRemoval(Q queue) {
    }

    /**
     * {@return whether the policy still refers to {@code queue} although the tenant has nothing queued or
     * running}, so its state must be kept; the policy calls {@link #release} once it lets go
     */
    boolean retained(Q queue) {
        return false;
    }

    /** The policy no longer refers to {@code queue}: forget the tenant's state if it is idle. */
    final void release(Q queue) {
        forgetIfIdle(queue);
    }

    /** Every task was drained: forget every tenant. */
    abstract void cleared();

    /** {@return the weight {@code queue}'s head task is scheduled with} */
    final int weight(Q queue) {
        ScheduledTask head = queue.head();
        return settings.weightOf(head.priority(), head.weight());
    }

    /** {@return whether {@code queue}'s tenant already holds its share of the workers} */
    final boolean atWorkerShare(Q queue) {
        return queue.running >= workerCap;
    }

    final SchedulerSettings settings() {
        return settings;
    }

    @Override
    public final Optional<LimitRejection> offer(ScheduledTask task) {
        if (queuedBySequence.containsKey(task.sequence()) || runningSequences.contains(task.sequence())) {
            throw new IllegalArgumentException("task " + task.sequence() + " was offered before");
        }
        Q queue = tenants.get(task.tenant());
        int tenantQueued = queue == null ? 0 : queue.size();
        if (tenantQueued >= task.maxQueued()) {
            // a bound of 0 never admits a task, so waiting does not help and no retry-after is given
            Optional<Duration> retry = task.maxQueued() == 0 ? Optional.empty() : Optional.of(retryAfter(
                    queue == null ? Optional.empty() : queue.typicalDispatchInterval(),
                    queue == null ? Optional.empty() : earliestDeadline(queue), task.enqueuedAt()));
            return Optional.of(new LimitRejection(task.tenant(), LimitType.QUEUE_FULL, task.maxQueued(), tenantQueued,
                    retry, "tenant " + task.tenant() + " has " + tenantQueued
                    + " executions queued, its limit is " + task.maxQueued()));
        }
        if (queuedBySequence.size() >= settings.maxQueued()) {
            Duration retry = retryAfter(globalInterval.typical(), nextDeadline(), task.enqueuedAt());
            return Optional.of(new LimitRejection(task.tenant(), LimitType.QUEUE_FULL, settings.maxQueued(),
                    queuedBySequence.size(), Optional.of(retry), "the platform queue holds "
                    + queuedBySequence.size() + " executions, its limit is " + settings.maxQueued()));
        }
        if (queue == null) {
            queue = newQueue(task.tenant());
            tenants.put(task.tenant(), queue);
        }
        boolean wasEmpty = queue.isEmpty();
        queue.tasks.addLast(task);
        queuedBySequence.put(task.sequence(), task);
        deadlines.add(task);
        enqueued(queue, wasEmpty);
        return Optional.empty();
    }

    /**
     * When a place is likely to free: one typical dispatch interval of the full queue, but never later than
     * the earliest deadline in it, since by then that task has left the queue (dispatched or expired).
     */
    private static Duration retryAfter(Optional<Duration> typical, Optional<Instant> earliestDeadline, Instant now) {
        Optional<Duration> untilDeadline = earliestDeadline.map(d -> d.isAfter(now) ? Duration.between(now, d) : Duration.ZERO);
        if (typical.isPresent() && untilDeadline.isPresent()) {
            return typical.get().compareTo(untilDeadline.get()) <= 0 ? typical.get() : untilDeadline.get();
        }
        return typical.or(() -> untilDeadline).orElse(Duration.ofSeconds(1));
    }

    private static Optional<Instant> earliestDeadline(TenantQueue queue) {
        return queue.tasks.stream().map(ScheduledTask::deadline).min(Comparator.naturalOrder());
    }

    @Override
    public final Optional<ScheduledTask> next(Instant now) {
        if (queuedBySequence.isEmpty()) {
            return Optional.empty();
        }
        Q queue = pick(now);
        if (queue == null) {
            return Optional.empty();
        }
        ScheduledTask task = queue.tasks.pollFirst();
        queuedBySequence.remove(task.sequence());
        runningSequences.add(task.sequence());
        queue.running++;
        queue.dispatched(now);
        globalInterval.record(now);
        dispatched(queue);
        compactDeadlines();
        return Optional.of(task);
    }

    @Override
    public final void finished(ScheduledTask task) {
        if (!runningSequences.remove(task.sequence())) {
            throw new IllegalArgumentException("task " + task.sequence() + " is not running");
        }
        Q queue = tenants.get(task.tenant());
        queue.running--;
        finished(queue);
        forgetIfIdle(queue);
    }

    @Override
    public final List<ScheduledTask> expire(Instant now) {
        List<ScheduledTask> expired = new ArrayList<>();
        while (!deadlines.isEmpty() && !deadlines.peek().deadline().isAfter(now)) {
            ScheduledTask task = deadlines.poll();
            if (queuedBySequence.containsKey(task.sequence())) {
                remove(task);
                expired.add(task);
            }
        }
        expired.sort(Comparator.comparingLong(ScheduledTask::sequence));
        return expired;
    }

    @Override
    public final boolean cancel(long sequence) {
        ScheduledTask task = queuedBySequence.get(sequence);
        if (task == null) {
            return false;
        }
        remove(task);
        compactDeadlines();
        return true;
    }

    private void remove(ScheduledTask task) {
        Q queue = tenants.get(task.tenant());
        beforeRemoval(queue);
        queue.tasks.remove(task);
        queuedBySequence.remove(task.sequence());
        afterRemoval(queue);
        forgetIfIdle(queue);
    }

    private void forgetIfIdle(Q queue) {
        if (queue.isEmpty() && queue.running == 0 && !retained(queue)) {
            tenants.remove(queue.tenant, queue);
        }
    }

    @Override
    public final List<ScheduledTask> drain() {
        List<ScheduledTask> all = new ArrayList<>(queuedBySequence.values());
        all.sort(Comparator.comparingLong(ScheduledTask::sequence));
        queuedBySequence.clear();
        deadlines.clear();
        tenants.values().removeIf(q -> {
            q.tasks.clear();
            return q.running == 0;
        });
        cleared();
        return all;
    }

    @Override
    public final int queued() {
        return queuedBySequence.size();
    }

    @Override
    public final int queued(TenantId tenant) {
        Q queue = tenants.get(tenant);
        return queue == null ? 0 : queue.size();
    }

    @Override
    public final int running(TenantId tenant) {
        Q queue = tenants.get(tenant);
        return queue == null ? 0 : queue.running;
    }

    @Override
    public final Optional<Instant> nextDeadline() {
        while (!deadlines.isEmpty() && !queuedBySequence.containsKey(deadlines.peek().sequence())) {
            deadlines.poll();
        }
        return deadlines.isEmpty() ? Optional.empty() : Optional.of(deadlines.peek().deadline());
    }

    /** Rebuilds the deadline heap once stale entries outnumber the live ones, keeping memory within 2x the queue. */
    private void compactDeadlines() {
        if (deadlines.size() > 2 * queuedBySequence.size() + 64) {
            PriorityQueue<ScheduledTask> live = new PriorityQueue<>(Math.max(16, queuedBySequence.size()), BY_DEADLINE);
            live.addAll(queuedBySequence.values());
            deadlines = live;
        }
    }

    /** {@return every tenant's state, for policies that scan (the priority-aging baseline)} */
    final Iterable<Q> queues() {
        return tenants.values();
    }

    /** {@return every queued task, in no particular order} */
    final Iterable<ScheduledTask> queuedTasks() {
        return queuedBySequence.values();
    }

    /** {@return the state of {@code tenant}, or null if it has nothing queued or running} */
    final Q queueOf(TenantId tenant) {
        return tenants.get(tenant);
    }
}
