package dev.tenantry.spi.scheduling;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.quota.LimitRejection;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Orders queued work across tenants. The platform owns the worker threads: whenever a worker is free it
 * asks {@link #next} what runs, and tells {@link #finished} when it is done. A scheduler must
 * <ul>
 *   <li>never dispatch a task of a tenant that already runs {@link ScheduledTask#maxConcurrent()} tasks;</li>
 *   <li>keep each tenant's queue within {@link ScheduledTask#maxQueued()} and the whole queue within its
 *       configured bound, refusing more with {@link dev.tenantry.spi.quota.LimitType#QUEUE_FULL};</li>
 *   <li>return every offered task exactly once: from {@link #next}, {@link #expire}, {@link #cancel} or
 *       {@link #drain}.</li>
 * </ul>
 *
 * <p><b>Not thread-safe by contract:</b> the platform serializes every call under one lock, so an
 * implementation needs no synchronization of its own. Calls are expected to be cheap (a scheduling decision
 * is on the path of every execution).
 */
public interface Scheduler extends AutoCloseable {

    /**
     * Queues a task.
     *
     * @param task the task; its sequence was never offered before
     * @return empty if queued; a rejection with {@code queue_full}, the bound, the current queue length and a
     *     retry-after if the tenant's or the global queue is full (the task is then not queued)
     */
    Optional<LimitRejection> offer(ScheduledTask task);

    /**
     * Picks the task to run next on a free worker, removes it from the queue and counts it as running.
     *
     * @param now the current time
     * @return the task, or empty if nothing queued may run now (empty queue, or every queued tenant at its cap)
     */
    Optional<ScheduledTask> next(Instant now);

    /**
     * Tells the scheduler that a task it dispatched has finished, freeing its tenant's slot.
     *
     * @param task a task returned by {@link #next} and not yet finished
     */
    void finished(ScheduledTask task);

    /**
     * Removes and returns every queued task whose deadline is at or before {@code now}.
     *
     * @return the expired tasks, oldest first; empty if none
     */
    List<ScheduledTask> expire(Instant now);

    /**
     * Removes a queued task.
     *
     * @return true if it was queued
     */
    boolean cancel(long sequence);

    /** Removes and returns every queued task (at shutdown). */
    List<ScheduledTask> drain();

    /** {@return how many tasks are queued in all} */
    int queued();

    /** {@return how many tasks of {@code tenant} are queued} */
    int queued(TenantId tenant);

    /** {@return how many tasks of {@code tenant} are running} */
    int running(TenantId tenant);

    /** {@return the earliest deadline among queued tasks, so the platform knows when to call {@link #expire}} */
    Optional<Instant> nextDeadline();

    /** Releases what the scheduler holds. Idempotent. */
    @Override
    default void close() {
    }
}
