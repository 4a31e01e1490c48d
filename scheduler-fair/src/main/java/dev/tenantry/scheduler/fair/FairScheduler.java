package dev.tenantry.scheduler.fair;

import dev.tenantry.spi.TenantId;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashSet;

/**
 * Weighted fair queuing by deficit round robin (Shreedhar and Varghese, 1995) with a unit cost per
 * execution: tenants with a task that may start take turns in a ring, and on its turn a tenant may start as
 * many tasks as its weight. Over any number of rounds each backlogged tenant receives its weight's share of
 * dispatches, a tenant that becomes active waits at most one round, and a decision costs O(1) amortized
 * whatever the number of tenants.
 *
 * <p>Why deficit round robin rather than start-time fair queuing: the scheduler cannot know an execution's
 * cost before it runs, so both reduce to counting dispatches; round robin then needs a ring and a counter per
 * tenant instead of a heap of virtual times, which keeps a decision O(1) rather than O(log n).
 *
 * <p>A tenant at its own concurrency cap leaves the ring and rejoins when one of its tasks finishes. A tenant
 * that holds its share of the workers ({@link SchedulerSettings#maxWorkerShare()}) while another tenant could
 * start a task is parked with the rest of its turn; it returns to the front of the ring as soon as one of its
 * tasks finishes, so the rule caps it at its share without costing it more. Parked tenants are also served
 * when no other tenant can start anything, so the rule never leaves a worker idle that some tenant could use.
 */
final class FairScheduler extends QueueingScheduler<FairScheduler.Queue> {

    /** Per-tenant state: the position in the ring and the remaining turn. */
    static final class Queue extends TenantQueue {
        boolean inRing;
        boolean parked;
        long deficit;

        Queue(TenantId tenant) {
            super(tenant);
        }
    }

    private final ArrayDeque<Queue> ring = new ArrayDeque<>();
    private final LinkedHashSet<Queue> parked = new LinkedHashSet<>();

    FairScheduler(SchedulerSettings settings, int workerSlots) {
        super(settings, workerSlots);
    }

    @Override
    Queue newQueue(TenantId tenant) {
        return new Queue(tenant);
    }

    @Override
    void enqueued(Queue queue, boolean wasEmpty) {
        join(queue);
    }

    /** Puts a tenant that may start a task at the end of the ring, unless it is there or parked. */
    private void join(Queue queue) {
        if (!queue.inRing && !queue.parked && queue.runnable()) {
            queue.inRing = true;
            queue.deficit = 0;
            ring.addLast(queue);
        }
    }

    private void leaveHead() {
        Queue head = ring.pollFirst();
        head.inRing = false;
        head.deficit = 0;
    }

    @Override
    Queue pick(Instant now) {
        while (!ring.isEmpty()) {
            Queue head = ring.peekFirst();
            if (!head.runnable()) {
                // emptied by a cancel or an expiry, or at its own cap: it rejoins when that changes
                leaveHead();
                continue;
            }
            if (atWorkerShare(head) && ring.size() > 1) {
                // parked with its remaining turn, which it resumes as soon as it is under its share again
                ring.pollFirst();
                head.inRing = false;
                head.parked = true;
                parked.add(head);
                continue;
            }
            if (head.deficit < 1) {
                head.deficit += weight(head);
            }
            return head;
        }
        return pickParked();
    }

    /**
     * No tenant under its share can start anything: serve the parked tenants in turn (each goes to the end of
     * the parked set after a dispatch) so that no worker idles while some tenant has work.
     */
    private Queue pickParked() {
        Iterator<Queue> it = parked.iterator();
        while (it.hasNext()) {
            Queue queue = it.next();
            it.remove();
            if (queue.runnable()) {
                parked.add(queue);
                return queue;
            }
            queue.parked = false;
        }
        return null;
    }

    @Override
    void dispatched(Queue queue) {
        if (!queue.inRing) {
            return;
        }
        queue.deficit--;
        boolean turnOver = queue.deficit < 1 || !queue.runnable();
        if (ring.peekFirst() == queue && turnOver) {
            ring.pollFirst();
            if (queue.runnable()) {
                queue.deficit = 0;
                ring.addLast(queue);
            } else {
                queue.inRing = false;
                queue.deficit = 0;
            }
        }
    }

    @Override
    void finished(Queue queue) {
        if (queue.parked && !atWorkerShare(queue)) {
            parked.remove(queue);
            queue.parked = false;
            if (queue.runnable()) {
                // back at the front: the share rule only holds it at its share, it does not cost it its turn
                queue.inRing = true;
                ring.addFirst(queue);
            }
            return;
        }
        join(queue);
    }

    @Override
    void cleared() {
        ring.forEach(q -> q.inRing = false);
        ring.clear();
        parked.forEach(q -> q.parked = false);
        parked.clear();
    }
}
