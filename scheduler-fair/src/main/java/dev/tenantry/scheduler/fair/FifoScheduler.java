package dev.tenantry.scheduler.fair;

import dev.tenantry.spi.TenantId;

import java.time.Instant;
import java.util.Comparator;
import java.util.TreeSet;

/**
 * The baseline: the task offered first runs first, skipping tenants at their concurrency cap. Tenants that may
 * start a task are kept ordered by the sequence of their oldest task, so a decision costs O(log n) in the
 * number of such tenants. The worker-share rule applies as in the other schedulers: a tenant holding its share
 * is passed over while another can start a task (at most {@code 1 / max-worker-share} tenants can hold it).
 */
final class FifoScheduler extends QueueingScheduler<FifoScheduler.Queue> {

    /** Per-tenant state: whether the tenant is in the ordered set, and under which key. */
    static final class Queue extends TenantQueue {
        boolean inOrder;
        long key;

        Queue(TenantId tenant) {
            super(tenant);
        }
    }

    // the key is copied into the queue while it is in the set, so the order never changes under the set
    private final TreeSet<Queue> order = new TreeSet<>(Comparator.comparingLong((Queue q) -> q.key));

    FifoScheduler(SchedulerSettings settings, int workerSlots) {
        super(settings, workerSlots);
    }

    @Override
    Queue newQueue(TenantId tenant) {
        return new Queue(tenant);
    }

    private void leave(Queue queue) {
        if (queue.inOrder) {
            order.remove(queue);
            queue.inOrder = false;
        }
    }

    private void join(Queue queue) {
        if (!queue.inOrder && queue.runnable()) {
            queue.key = queue.head().sequence();
            queue.inOrder = true;
            order.add(queue);
        }
    }

    @Override
    Queue pick(Instant now) {
        Queue first = null;
        for (Queue queue : order) {
            if (!atWorkerShare(queue)) {
                return queue;
            }
            if (first == null) {
                first = queue;
            }
        }
        return first;
    }

    @Override
    void enqueued(Queue queue, boolean wasEmpty) {
        join(queue);
    }

    @Override
    void dispatched(Queue queue) {
        leave(queue);
        join(queue);
    }

    @Override
    void finished(Queue queue) {
        join(queue);
    }

    @Override
    void beforeRemoval(Queue queue) {
        leave(queue);
    }

    @Override
    void afterRemoval(Queue queue) {
        join(queue);
    }

    @Override
    void cleared() {
        order.forEach(q -> q.inOrder = false);
        order.clear();
    }
}
