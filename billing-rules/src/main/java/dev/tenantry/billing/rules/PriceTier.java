package dev.tenantry.billing.rules;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * One tier of a graduated or volume price.
 *
 * @param upTo the last billable unit of the tier, inclusive; empty for the open top tier (only the last may be open)
 * @param unitPrice the price per unit in the tier; not negative
 * @param flatFee a fixed amount charged once when any unit falls in the tier; not negative
 */
public record PriceTier(Optional<BigDecimal> upTo, BigDecimal unitPrice, BigDecimal flatFee) {
    /** Validates that nothing is null. */
    public PriceTier {
        Objects.requireNonNull(upTo, "upTo");
        Objects.requireNonNull(unitPrice, "unitPrice");
        Objects.requireNonNull(flatFee, "flatFee");
    }

    /** {@return whether {@code quantity} lies at or below this tier's upper bound} */
    boolean covers(BigDecimal quantity) {
        return upTo.isEmpty() || quantity.compareTo(upTo.get()) <= 0;
    }
}
