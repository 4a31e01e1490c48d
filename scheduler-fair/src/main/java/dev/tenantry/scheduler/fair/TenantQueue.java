package dev.tenantry.scheduler.fair;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.scheduling.ScheduledTask;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * One tenant's waiting tasks, in the order they were offered, and how many of its tasks run. Policies
 * extend it with the state they keep per tenant.
 */
class TenantQueue {
    final TenantId tenant;
    final ArrayDeque<ScheduledTask> tasks = new ArrayDeque<>();
    int running;
    private final DispatchInterval interval = new DispatchInterval();

    TenantQueue(TenantId tenant) {
        this.tenant = tenant;
    }

    final boolean isEmpty() {
        return tasks.isEmpty();
    }

    final int size() {
        return tasks.size();
    }

    final ScheduledTask head() {
        return tasks.peekFirst();
    }

    /** {@return whether the head task may start now: there is one and the tenant is under its own cap} */
    final boolean runnable() {
        ScheduledTask head = tasks.peekFirst();
        return head != null && running < head.maxConcurrent();
    }

    final void dispatched(Instant now) {
        interval.record(now);
    }

    final Optional<Duration> typicalDispatchInterval() {
        return interval.typical();
    }
}
