package dev.tenantry.spi.billing;

import dev.tenantry.spi.tenant.Tier;

import java.util.Objects;

/**
 * A suggestion to change tier, with the amounts that support it.
 *
 * @param current the tenant's tier
 * @param suggested the tier suggested
 * @param reason {@code near_limit} (usage passed a fraction of a limit) or {@code cheaper} (another tier would
 *     have cost less for the same usage)
 * @param detail a human-readable explanation naming the limit or the saving
 * @param currentCost what the period costs on the current tier
 * @param suggestedCost what the same usage would cost on the suggested tier
 */
public record TierRecommendation(Tier current, Tier suggested, String reason, String detail, Money currentCost,
                                 Money suggestedCost) {
    /** Validates that nothing is null. */
    public TierRecommendation {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(suggested, "suggested");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(currentCost, "currentCost");
        Objects.requireNonNull(suggestedCost, "suggestedCost");
    }
}
