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
 * dispatches, and a decision costs O(1) amortized whatever the number of tenants.
 *
 * <p>Why deficit round robin rather than start-time fair queuing: the scheduler cannot know an execution's
 * cost before it runs, so both reduce to counting dispatches; round robin then needs a ring and a counter per
 * tenant instead of a heap of virtual times, which keeps a decision O(1) rather than O(log n).
 *
 * <p><b>Sparse tenants first.</b> As in FQ-CoDel's flow queuing (RFC 8290, section 4.1), a tenant that
 * submits after being idle (nothing queued, nothing running) joins a second ring, the fresh ring, which is
 * served before the ring of backlogged tenants. The fresh ring is itself a deficit round robin, and a tenant
 * takes at most {@code fresh-turns} turns in it ({@link SchedulerSettings#freshTurns()}); then it moves to the
 * end of the backlogged ring, and it can be fresh again only after that ring has reached it and found it
 * idle. So a tenant that submits a burst now and then does not queue behind a tenant that keeps the pool
 * busy, and the backlogged tenants still get a turn in every round: a tenant cannot stay fresh by going idle
 * between bursts, since it keeps its place in the backlogged ring, empty, until the ring comes round to it.
 * Tenants that are always backlogged never become fresh, so their shares are those of plain deficit round
 * robin, and a tenant that arrives with a flood is one more member of the fresh ring's rotation for a few
 * turns, not ahead of it.
 *
 * <p>A tenant at its own concurrency cap leaves the ring and rejoins the backlogged ring when one of its tasks
 * finishes. A tenant that holds its share of the workers ({@link SchedulerSettings#maxWorkerShare()}) while
 * another tenant could start a task is parked with the rest of its turn; it returns to the front of its ring
 * as soon as one of its tasks finishes, so the rule caps it at its share without costing it more. Parked
 * tenants are also served when no other tenant can start anything, so the rule never leaves a worker idle
 * that some tenant could use.
 */
final class FairScheduler extends QueueingScheduler<FairScheduler.Queue> {

    /** Per-tenant state: the ring it is in, if any, and the remaining turn. */
    static final class Queue extends TenantQueue {
        /** In the fresh or the backlogged ring (possibly as an idle place holder in the backlogged one). */
        boolean inRing;
        /** Its current turn is a fresh one: it is in, or parked from, the fresh ring. */
        boolean fresh;
        boolean parked;
        long deficit;
        /** Turns left in the fresh ring, including the current one. */
        int freshTurnsLeft;

        Queue(TenantId tenant) {
            super(tenant);
        }
    }

    private final ArrayDeque<Queue> freshRing = new ArrayDeque<>();
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
    boolean retained(Queue queue) {
        // an idle tenant still in the backlogged ring keeps its place there, so that it cannot be fresh again
        // before the ring reaches it
        return queue.inRing || queue.parked;
    }

    @Override
    void enqueued(Queue queue, boolean wasEmpty) {
        if (wasEmpty && queue.running == 0 && !queue.inRing && !queue.parked && settings().freshTurns() > 0) {
            queue.inRing = true;
            queue.fresh = true;
            queue.freshTurnsLeft = settings().freshTurns();
            queue.deficit = 0;
            freshRing.addLast(queue);
            return;
        }
        join(queue);
    }

    /** Puts a tenant that may start a task at the end of the backlogged ring, unless it is in a ring or parked. */
    private void join(Queue queue) {
        if (!queue.inRing && !queue.parked && queue.runnable()) {
            queue.inRing = true;
            queue.fresh = false;
            queue.deficit = 0;
            ring.addLast(queue);
        }
    }

    @Override
    Queue pick(Instant now) {
        Queue next = pickFrom(freshRing);
        if (next == null) {
            next = pickFrom(ring);
        }
        return next != null ? next : pickParked();
    }

    private Queue pickFrom(ArrayDeque<Queue> from) {
        while (!from.isEmpty()) {
            Queue head = from.peekFirst();
            if (!head.runnable()) {
                from.pollFirst();
                head.deficit = 0;
                if (head.fresh) {
                    // emptied by a cancel or an expiry, or at its own cap: its fresh turn is over
                    head.fresh = false;
                    ring.addLast(head);
                } else {
                    // it rejoins when that changes
                    head.inRing = false;
                    release(head);
                }
                continue;
            }
            if (atWorkerShare(head) && othersInRings()) {
                // parked with its remaining turn, which it resumes as soon as it is under its share again
                from.pollFirst();
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
        return null;
    }

    /** {@return whether a tenant besides the head being picked is in a ring, so may be able to start a task} */
    private boolean othersInRings() {
        return freshRing.size() + ring.size() > 1;
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
            queue.fresh = false;
            release(queue);
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
        ArrayDeque<Queue> from = queue.fresh ? freshRing : ring;
        if (from.peekFirst() == queue && turnOver) {
            from.pollFirst();
            queue.deficit = 0;
            if (queue.fresh && --queue.freshTurnsLeft > 0 && queue.runnable()) {
                freshRing.addLast(queue);
            } else {
                // Its turn is over (and its fresh turns used, if it had them): to the end of the backlogged ring,
                // even with nothing left to start. Idle, it keeps its place there until the ring reaches it, so
                // that a tenant with one task at a time, idle between them, cannot be fresh again each time.
                queue.fresh = false;
                ring.addLast(queue);
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
                (queue.fresh ? freshRing : ring).addFirst(queue);
            } else {
                queue.fresh = false;
            }
            return;
        }
        join(queue);
    }

    @Override
    void cleared() {
        freshRing.forEach(q -> q.inRing = false);
        freshRing.clear();
        ring.forEach(q -> q.inRing = false);
        ring.clear();
        parked.forEach(q -> q.parked = false);
        parked.clear();
    }
}
