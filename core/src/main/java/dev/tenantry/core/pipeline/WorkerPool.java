package dev.tenantry.core.pipeline;

import dev.tenantry.spi.execution.CancelReason;
import dev.tenantry.spi.execution.ExecutionResult;
import dev.tenantry.spi.quota.LimitRejection;
import dev.tenantry.spi.scheduling.ScheduledTask;
import dev.tenantry.spi.scheduling.Scheduler;
import dev.tenantry.spi.tenant.TenantLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The worker threads of one platform. Every call to the scheduler is made under one lock, because a
 * scheduler is not thread-safe by contract. Each worker takes its next task from the scheduler itself as soon
 * as it is free, so a queued execution starts without a hand-off through another thread: on a busy 2-core
 * machine each extra thread wake-up between two executions left the slot idle for a scheduling quantum. A
 * separate deadline thread cancels queued work whose deadline has passed with {@code queue_timeout}, waking
 * at the scheduler's next deadline, so work is cancelled on time even while every worker is busy; a worker
 * also expires overdue work before it takes a task, so an expired task never runs.
 *
 * <p>Thread-safe.
 */
final class WorkerPool {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);
    /** The longest the deadline thread sleeps while a deadline is pending, so a clock that jumps is noticed. */
    private static final long MAX_DEADLINE_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Scheduler scheduler;
    private final Clock clock;
    private final Function<Work, CompletableFuture<ExecutionResult>> runner;
    private final TaskWeights weights;
    private final int size;
    private final List<Thread> workers = new ArrayList<>();
    private final Thread deadlines;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when work is queued, or at shutdown; idle workers wait on it. */
    private final Condition workQueued = lock.newCondition();
    /** Signalled when a deadline earlier than the deadline thread's planned wake-up is queued, or at shutdown. */
    private final Condition deadlineMoved = lock.newCondition();
    /** Signalled when a worker finishes or queued work leaves, while {@link #close} waits. */
    private final Condition settled = lock.newCondition();
    /** Admitted work waiting in the scheduler, by sequence; guarded by {@link #lock}. */
    private final Map<Long, Work> queued = new HashMap<>();
    private long nextSequence = 1;
    private int idle;
    private boolean accepting = true;
    private boolean stopped;
    /** When the deadline thread wakes next; empty while it waits for a first deadline. Guarded by {@link #lock}. */
    private Optional<Instant> deadlineWake = Optional.empty();

    private record Dispatch(Work work, ScheduledTask task) {
    }

    /**
     * @param scheduler the queue; called under this pool's lock only
     * @param size how many workers run at once
     * @param clock the platform clock, for enqueue times and deadlines
     * @param runner runs one execution to its result; must not throw
     * @param weights the weight of each priority, put in every task
     */
    WorkerPool(Scheduler scheduler, int size, Clock clock, Function<Work, CompletableFuture<ExecutionResult>> runner,
               TaskWeights weights) {
        this.scheduler = scheduler;
        this.weights = weights;
        this.clock = clock;
        this.runner = runner;
        this.size = size;
        this.idle = size;
        for (int i = 1; i <= size; i++) {
            Thread t = new Thread(this::work, "tenantry-worker-" + i);
            t.setDaemon(true);
            workers.add(t);
        }
        this.deadlines = new Thread(this::expireOnTime, "tenantry-deadlines");
        this.deadlines.setDaemon(true);
    }

    void start() {
        workers.forEach(Thread::start);
        deadlines.start();
    }

    int size() {
        return size;
    }

    /** {@return how many tasks wait in the scheduler's queue, all tenants together} */
    int queueDepth() {
        lock.lock();
        try {
            return scheduler.queued();
        } finally {
            lock.unlock();
        }
    }

    /** {@return whether work is taken and run: accepting, the deadline thread and at least one worker alive} */
    boolean ready() {
        lock.lock();
        try {
            return accepting && !stopped && deadlines.isAlive() && workers.stream().anyMatch(Thread::isAlive);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues admitted work with the scheduler.
     *
     * @return the scheduler's rejection ({@code queue_full}) if it did not take the work
     * @throws IllegalStateException if the pool is shutting down
     */
    Optional<LimitRejection> offer(Work work) {
        TenantLimits.RequestLimits limits = work.tenant().limits().requests();
        lock.lock();
        try {
            checkAccepting();
            long sequence = nextSequence++;
            Instant now = work.submittedAt();
            Instant deadline = now.plus(limits.queueTimeout());
            Optional<LimitRejection> refused = scheduler.offer(new ScheduledTask(sequence, work.tenant().id(),
                    work.tenant().priority(), weights.of(work.tenant().priority()), limits.maxConcurrent(),
                    limits.maxQueued(), now, deadline));
            if (refused.isEmpty()) {
                queued.put(sequence, work);
                if (idle > 0) {
                    workQueued.signal();
                }
                if (deadlineWake.isEmpty() || deadline.isBefore(deadlineWake.get())) {
                    deadlineMoved.signal();
                }
            }
            return refused;
        } finally {
            lock.unlock();
        }
    }

    /** @throws IllegalStateException if the pool is shutting down */
    void checkAccepting() {
        lock.lock();
        try {
            if (!accepting) {
                throw new IllegalStateException("the platform is shut down");
            }
        } finally {
            lock.unlock();
        }
    }

    /** One worker: takes the next task, runs it, frees its slot, completes it; until the pool stops. */
    private void work() {
        List<Work> expired = new ArrayList<>();
        while (true) {
            Dispatch d;
            try {
                d = take(expired);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            boolean foundOverdue = !expired.isEmpty();
            cancelExpired(expired);
            if (d == null) {
                if (foundOverdue) {
                    continue;
                }
                return;
            }
            run(d);
        }
    }

    private void run(Dispatch d) {
        CompletableFuture<ExecutionResult> result;
        try {
            result = runner.apply(d.work());
        } catch (RuntimeException | Error e) {
            // The runner must not throw; if it does, the caller gets the failure and the worker lives on.
            LOG.error("execution {} of tenant {} escaped its runner", d.work().id(), d.work().tenant().id(), e);
            result = CompletableFuture.failedFuture(e);
        } finally {
            release(d);
        }
        // The runner returns once the sandbox is done; what is left (the durable write of its usage) needs no
        // worker, so the slot is already free. Completed after that, so a caller that saw its result can count
        // on the slot.
        CompletableFuture<ExecutionResult> caller = d.work().result();
        result.whenComplete((r, e) -> {
            if (e == null) {
                caller.complete(r);
            } else {
                caller.completeExceptionally(e);
            }
        });
    }

    /**
     * Waits for a task this worker may run and counts the worker busy. Overdue work found on the way is put
     * in {@code expired}, for the caller to cancel outside the lock.
     *
     * @return the task; null if the pool stopped, or if overdue work was collected and nothing may run yet
     *     (the caller cancels it and asks again)
     */
    private Dispatch take(List<Work> expired) throws InterruptedException {
        lock.lock();
        try {
            while (!stopped) {
                Instant now = clock.instant();
                collectExpired(now, expired);
                Dispatch d = nextDispatch(now);
                if (d != null) {
                    idle--;
                    // Work may be left that another idle worker can start now.
                    if (idle > 0 && !queued.isEmpty()) {
                        workQueued.signal();
                    }
                    return d;
                }
                if (!expired.isEmpty()) {
                    return null;
                }
                workQueued.await();
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** The scheduler's next task with its work, or null if nothing may run now. Under the lock. */
    private Dispatch nextDispatch(Instant now) {
        while (true) {
            Optional<ScheduledTask> next = scheduler.next(now);
            if (next.isEmpty()) {
                return null;
            }
            Work w = queued.remove(next.get().sequence());
            if (w != null) {
                return new Dispatch(w, next.get());
            }
            LOG.error("scheduler dispatched unknown task {}; ignored", next.get().sequence());
            scheduler.finished(next.get());
        }
    }

    /** Moves the work whose deadline has passed from the scheduler to {@code expired}. Under the lock. */
    private void collectExpired(Instant now, List<Work> expired) {
        for (ScheduledTask task : scheduler.expire(now)) {
            Work w = queued.remove(task.sequence());
            if (w != null) {
                expired.add(w);
            }
        }
        if (!expired.isEmpty() && !accepting) {
            settled.signalAll();
        }
    }

    private void release(Dispatch d) {
        lock.lock();
        try {
            scheduler.finished(d.task());
            idle++;
            if (!accepting) {
                settled.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Cancels overdue work with {@code queue_timeout}, outside the lock, and empties the list. */
    private void cancelExpired(List<Work> expired) {
        for (Work w : expired) {
            LOG.info("cancelled execution {} of tenant {}: queue_timeout", w.id(), w.tenant().id());
            w.cancel(CancelReason.QUEUE_TIMEOUT, "waited in the queue longer than the queue timeout of "
                    + w.tenant().limits().requests().queueTimeout().toMillis() + " ms", clock.instant());
        }
        expired.clear();
    }

    /** The deadline thread: cancels overdue work at the scheduler's next deadline, even while workers are busy. */
    private void expireOnTime() {
        List<Work> expired = new ArrayList<>();
        while (true) {
            lock.lock();
            try {
                while (expired.isEmpty()) {
                    if (stopped) {
                        return;
                    }
                    Instant now = clock.instant();
                    collectExpired(now, expired);
                    if (expired.isEmpty()) {
                        Optional<Instant> deadline = scheduler.nextDeadline();
                        if (deadline.isEmpty()) {
                            deadlineWake = Optional.empty();
                            deadlineMoved.await();
                        } else {
                            long nanos = Math.clamp(Duration.between(now, deadline.get()).toNanos(), 1_000_000L,
                                    MAX_DEADLINE_SLEEP_NANOS);
                            deadlineWake = Optional.of(now.plusNanos(nanos));
                            deadlineMoved.awaitNanos(nanos);
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
            cancelExpired(expired);
        }
    }

    /**
     * Stops taking work, lets queued and running work finish for up to {@code timeout}, then cancels what is
     * still queued with {@code shutdown} and stops the workers and the deadline thread. Idempotent.
     */
    void close(Duration timeout) {
        List<Work> left = new ArrayList<>();
        lock.lock();
        try {
            if (stopped) {
                return;
            }
            accepting = false;
            // Real time, not the platform clock: this waits for real threads, and a test clock may stand still.
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!queued.isEmpty() || idle < size) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    break;
                }
                // Bounded, so that work the deadline thread or a worker removes without a signal is noticed.
                settled.awaitNanos(Math.min(remaining, MAX_DEADLINE_SLEEP_NANOS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                for (ScheduledTask task : scheduler.drain()) {
                    Work w = queued.remove(task.sequence());
                    if (w != null) {
                        left.add(w);
                    }
                }
                left.addAll(queued.values());
                queued.clear();
                stopped = true;
                workQueued.signalAll();
                deadlineMoved.signalAll();
            } finally {
                lock.unlock();
            }
        }
        for (Work w : left) {
            LOG.info("cancelled execution {} of tenant {}: shutdown", w.id(), w.tenant().id());
            w.cancel(CancelReason.SHUTDOWN, "the platform shut down before the execution ran", clock.instant());
        }
        try {
            deadlines.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits up to {@code timeout} for running executions to end. */
    void awaitTermination(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (Thread t : workers) {
                if (t.getState() == Thread.State.NEW) {
                    continue;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0 || !t.join(Duration.ofNanos(remaining))) {
                    LOG.warn("workers still running {} ms after shutdown", timeout.toMillis());
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
