package dev.tenantry.spi.billing;

import dev.tenantry.spi.tenant.TenantConfig;

import java.time.Instant;
import java.util.List;

/**
 * Turns metered usage into invoices by the price plan of each tier.
 *
 * <p>Deterministic: the same request and usage give an equal invoice. Thread-safe. No method returns null.
 */
public interface BillingEngine extends AutoCloseable {

    /**
     * Prices a period. Each tier span is priced on its own plan with the usage of that span; the base fee and
     * allowances are prorated by the span's share of the period.
     *
     * @throws BillingException if a tier has no plan or a custom rule fails (the message names it)
     */
    Invoice invoice(InvoiceRequest request);

    /**
     * Estimates a period in progress: the invoice so far, and a linear forecast to {@code periodEnd}.
     *
     * @param soFar the request for the period from its start to now
     * @param periodEnd where the period will end
     */
    CostEstimate estimate(InvoiceRequest soFar, Instant periodEnd);

    /**
     * Suggests tier changes: when usage in the request's period passed a fraction (by default 80%) of one of
     * the tenant's limits, or when another standard tier would have cost less for the same usage.
     *
     * @param tenant the tenant, with its limits
     * @param period the period to judge, usually the last full month
     * @return the suggestions, possibly empty
     */
    List<TierRecommendation> recommend(TenantConfig tenant, InvoiceRequest period);

    /** Releases what the engine holds. Idempotent. */
    @Override
    default void close() {
    }
}
