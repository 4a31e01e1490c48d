package dev.tenantry.spi.quota;

import dev.tenantry.spi.TenantId;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a request was refused, with the facts a caller needs to act on it.
 *
 * @param tenant the tenant refused
 * @param limitType which limit
 * @param limit the limit's value (tokens, executions, bytes, ...)
 * @param current the current value the request would have pushed past the limit
 * @param retryAfter when a retry can succeed, if waiting helps (a full storage does not clear by waiting)
 * @param message a human-readable explanation
 */
public record LimitRejection(TenantId tenant, LimitType limitType, long limit, long current,
                             Optional<Duration> retryAfter, String message) {
    /** Validates that nothing is null and the retry-after is not negative. */
    public LimitRejection {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(limitType, "limitType");
        Objects.requireNonNull(retryAfter, "retryAfter");
        Objects.requireNonNull(message, "message");
        retryAfter.ifPresent(d -> {
            if (d.isNegative()) {
                throw new IllegalArgumentException("retryAfter cannot be negative");
            }
        });
    }
}
