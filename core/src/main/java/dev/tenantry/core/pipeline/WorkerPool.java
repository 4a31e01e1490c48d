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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The worker threads of one platform and the dispatcher that feeds them from the scheduler. Every call to
 * the scheduler is made under one lock, because a scheduler is not thread-safe by contract. The dispatcher
 * hands the next task to an idle worker whenever one is free, and cancels queued work whose deadline has
 * passed with {@code queue_timeout}, waking at the scheduler's next deadline to do so.
 *
 * <p>Thread-safe.
 */
final class WorkerPool {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);
    /** The longest the dispatcher sleeps while a deadline is pending, so a clock that jumps is noticed. */
    private static final long MAX_DEADLINE_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Scheduler scheduler;
    private final Clock clock;
    private final Function<Work, ExecutionResult> runner;
    private final TaskWeights weights;
    private final int size;
    private final ExecutorService workers;
    private final Thread dispatcher;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Admitted work waiting in the scheduler, by sequence; guarded by {@link #lock}. */
    private final Map<Long, Work> queued = new HashMap<>();
    private long nextSequence = 1;
    private int idle;
    private boolean accepting = true;
    private boolean stopped;

    private record Dispatch(Work work, ScheduledTask task) {
    }

    /**
     * @param scheduler the queue; called under this pool's lock only
     * @param size how many workers run at once
     * @param clock the platform clock, for enqueue times and deadlines
     * @param runner runs one execution to its result; must not throw
     * @param weights the weight of each priority, put in every task
     */
    WorkerPool(Scheduler scheduler, int size, Clock clock, Function<Work, ExecutionResult> runner,
               TaskWeights weights) {
        this.scheduler = scheduler;
        this.weights = weights;
        this.clock = clock;
        this.runner = runner;
        this.size = size;
        this.idle = size;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(size, r -> {
            Thread t = new Thread(r, "tenantry-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.dispatcher = new Thread(this::dispatch, "tenantry-dispatcher");
        this.dispatcher.setDaemon(true);
    }

    void start() {
        dispatcher.start();
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

    /** {@return whether work is taken and dispatched: accepting, and the dispatcher thread runs} */
    boolean ready() {
        lock.lock();
        try {
            return accepting && !stopped && dispatcher.isAlive();
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
            Optional<LimitRejection> refused = scheduler.offer(new ScheduledTask(sequence, work.tenant().id(),
                    work.tenant().priority(), weights.of(work.tenant().priority()), limits.maxConcurrent(),
                    limits.maxQueued(), now, now.plus(limits.queueTimeout())));
            if (refused.isEmpty()) {
                queued.put(sequence, work);
                changed.signalAll();
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

    private void dispatch() {
        List<Work> expired = new ArrayList<>();
        List<Dispatch> ready = new ArrayList<>();
        while (true) {
            lock.lock();
            try {
                while (expired.isEmpty() && ready.isEmpty()) {
                    if (stopped) {
                        return;
                    }
                    Instant now = clock.instant();
                    for (ScheduledTask task : scheduler.expire(now)) {
                        Work w = queued.remove(task.sequence());
                        if (w != null) {
                            expired.add(w);
                        }
                    }
                    while (idle > 0) {
                        Optional<ScheduledTask> next = scheduler.next(now);
                        if (next.isEmpty()) {
                            break;
                        }
                        Work w = queued.remove(next.get().sequence());
                        if (w == null) {
                            LOG.error("scheduler dispatched unknown task {}; ignored", next.get().sequence());
                            scheduler.finished(next.get());
                            continue;
                        }
                        idle--;
                        ready.add(new Dispatch(w, next.get()));
                    }
                    if (expired.isEmpty() && ready.isEmpty()) {
                        Optional<Instant> deadline = scheduler.nextDeadline();
                        if (deadline.isEmpty()) {
                            changed.await();
                        } else {
                            long nanos = Duration.between(now, deadline.get()).toNanos();
                            changed.awaitNanos(Math.clamp(nanos, 1_000_000L, MAX_DEADLINE_SLEEP_NANOS));
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
            for (Work w : expired) {
                LOG.info("cancelled execution {} of tenant {}: queue_timeout", w.id(), w.tenant().id());
                w.cancel(CancelReason.QUEUE_TIMEOUT, "waited in the queue longer than the queue timeout of "
                        + w.tenant().limits().requests().queueTimeout().toMillis() + " ms", clock.instant());
            }
            expired.clear();
            ready.forEach(d -> workers.execute(() -> run(d)));
            ready.clear();
        }
    }

    private void run(Dispatch d) {
        ExecutionResult result;
        try {
            result = runner.apply(d.work());
        } finally {
            lock.lock();
            try {
                scheduler.finished(d.task());
                idle++;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
        // Completed after the slot is free, so a caller that saw its result can count on the slot.
        d.work().result().complete(result);
    }

    /**
     * Stops taking work, lets queued and running work finish for up to {@code timeout}, then cancels what is
     * still queued with {@code shutdown} and stops the dispatcher. Idempotent.
     */
    void close(Duration timeout) {
        List<Work> left = new ArrayList<>();
        lock.lock();
        try {
            if (stopped) {
                return;
            }
            accepting = false;
            changed.signalAll();
            // Real time, not the platform clock: this waits for real threads, and a test clock may stand still.
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!queued.isEmpty() || idle < size) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    break;
                }
                changed.awaitNanos(remaining);
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
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
        for (Work w : left) {
            LOG.info("cancelled execution {} of tenant {}: shutdown", w.id(), w.tenant().id());
            w.cancel(CancelReason.SHUTDOWN, "the platform shut down before the execution ran", clock.instant());
        }
        try {
            dispatcher.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdown();
    }

    /** Waits up to {@code timeout} for running executions to end. */
    void awaitTermination(Duration timeout) {
        try {
            if (!workers.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("workers still running {} ms after shutdown", timeout.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
