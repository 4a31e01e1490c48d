package dev.tenantry.spi.scheduling;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.tenant.Priority;

import java.time.Instant;
import java.util.Objects;

/**
 * One admitted execution waiting for a worker, as a scheduler sees it. The platform keeps the work itself
 * and finds it again by {@link #sequence()}.
 *
 * @param sequence unique, increasing in the order the platform offered tasks
 * @param tenant the tenant
 * @param priority the tenant's priority
 * @param weight the tenant's scheduling weight (from its priority and the configured weights); at least 1
 * @param maxConcurrent how many of this tenant's tasks may run at once; at least 1
 * @param maxQueued how many of this tenant's tasks may wait; at least 0
 * @param enqueuedAt when the task was offered
 * @param deadline when the task must be dispatched by, or it is cancelled with {@code queue_timeout}
 */
public record ScheduledTask(long sequence, TenantId tenant, Priority priority, int weight, int maxConcurrent,
                            int maxQueued, Instant enqueuedAt, Instant deadline) {
    /** Validates the values. */
    public ScheduledTask {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(enqueuedAt, "enqueuedAt");
        Objects.requireNonNull(deadline, "deadline");
        if (weight < 1) {
            throw new IllegalArgumentException("weight must be at least 1, was " + weight);
        }
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be at least 1, was " + maxConcurrent);
        }
        if (maxQueued < 0) {
            throw new IllegalArgumentException("maxQueued cannot be negative, was " + maxQueued);
        }
    }
}
