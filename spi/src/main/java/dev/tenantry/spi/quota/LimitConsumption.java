package dev.tenantry.spi.quota;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How much of one limit a tenant has consumed, for reports such as {@code GET /v1/limits}.
 *
 * @param limitType the limit
 * @param scope what the limit applies to: {@code tenant}, an operation type, or a window such as {@code 2026-11-23}
 * @param limit the limit's value
 * @param used how much of it is used
 * @param resetsAt when the window or bucket refills fully, if it does
 */
public record LimitConsumption(LimitType limitType, String scope, long limit, long used, Optional<Instant> resetsAt) {
    /** Validates that nothing is null. */
    public LimitConsumption {
        Objects.requireNonNull(limitType, "limitType");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(resetsAt, "resetsAt");
    }
}
