package dev.tenantry.spi.billing;

import dev.tenantry.spi.TenantId;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What to invoice: a tenant, a period, which tier it was on when, and where its usage is read.
 *
 * @param tenant the tenant
 * @param from start of the period, inclusive
 * @param to end of the period, exclusive
 * @param tiers the tier spans covering {@code [from, to)} exactly, in order, without gaps or overlaps
 * @param usage where usage is read
 */
public record InvoiceRequest(TenantId tenant, Instant from, Instant to, List<TierSpan> tiers, UsageReader usage) {
    /**
     * Validates that the spans cover the period exactly.
     *
     * @throws IllegalArgumentException naming the gap or overlap otherwise
     */
    public InvoiceRequest {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        tiers = List.copyOf(tiers);
        Objects.requireNonNull(usage, "usage");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("an invoice period must end after it starts");
        }
        if (tiers.isEmpty()) {
            throw new IllegalArgumentException("an invoice request needs at least one tier span");
        }
        Instant expected = from;
        for (TierSpan span : tiers) {
            if (!span.from().equals(expected)) {
                throw new IllegalArgumentException("tier spans must cover the period without gaps: expected a span from "
                        + expected + ", got one from " + span.from());
            }
            expected = span.to();
        }
        if (!expected.equals(to)) {
            throw new IllegalArgumentException("tier spans end at " + expected + ", not at the period's end " + to);
        }
    }
}
