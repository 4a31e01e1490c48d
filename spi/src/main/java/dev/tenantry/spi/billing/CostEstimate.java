package dev.tenantry.spi.billing;

import dev.tenantry.spi.TenantId;

import java.time.Instant;
import java.util.Objects;

/**
 * The cost of a period so far and a linear forecast to its end.
 *
 * @param tenant the tenant
 * @param periodStart start of the period
 * @param asOf the moment the estimate was made
 * @param periodEnd end of the period
 * @param soFar the invoice total for {@code [periodStart, asOf)}
 * @param forecast the total expected at {@code periodEnd} if usage continues at the same rate
 */
public record CostEstimate(TenantId tenant, Instant periodStart, Instant asOf, Instant periodEnd, Money soFar,
                           Money forecast) {
    /** Validates that nothing is null. */
    public CostEstimate {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(periodStart, "periodStart");
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(periodEnd, "periodEnd");
        Objects.requireNonNull(soFar, "soFar");
        Objects.requireNonNull(forecast, "forecast");
    }
}
