package dev.tenantry.spi.quota;

import dev.tenantry.spi.tenant.TenantConfig;

import java.util.List;

/**
 * Decides whether a tenant's request may be admitted now: rate limits with burst (tenant-wide and per
 * operation type), daily and monthly execution counts on UTC calendar windows, and whatever else the
 * implementation checks. Concurrency is not decided here: requests over the concurrency cap wait in the
 * scheduler's queue.
 *
 * <p>Admission is all or nothing: a rejected request consumes nothing from any limit. Soft limits
 * (see {@link dev.tenantry.spi.tenant.TenantLimits.Thresholds#hardLimits()}) admit and emit an event;
 * warning and critical thresholds emit an event once per window.
 *
 * <p>Thread-safe. No method returns null.
 */
public interface QuotaPolicy extends AutoCloseable {

    /**
     * Decides admission for one request of {@code tenant} counted under {@code operation}.
     *
     * @param tenant the tenant, with its current limits
     * @param operation the operation type, such as {@code execute}
     * @return admitted with a permit, or rejected with the limit, the current value and a retry-after
     */
    AdmissionDecision admit(TenantConfig tenant, String operation);

    /** {@return how much of each limit the tenant has consumed now} */
    List<LimitConsumption> consumption(TenantConfig tenant);

    /** Releases what the policy holds. Idempotent. */
    @Override
    void close();
}
