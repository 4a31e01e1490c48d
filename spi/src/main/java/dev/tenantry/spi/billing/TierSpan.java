package dev.tenantry.spi.billing;

import dev.tenantry.spi.tenant.Tier;

import java.time.Instant;
import java.util.Objects;

/**
 * A stretch of an invoice period during which a tenant was on one tier.
 *
 * @param tier the tier
 * @param from start, inclusive
 * @param to end, exclusive; after {@code from}
 */
public record TierSpan(Tier tier, Instant from, Instant to) {
    /** Validates the values. */
    public TierSpan {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("a tier span must end after it starts");
        }
    }
}
