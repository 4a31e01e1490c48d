package dev.tenantry.spi.billing;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * The part of a line priced in one tier of a graduated or volume price.
 *
 * @param from the first unit of the tier (exclusive lower bound of the tier's range)
 * @param upTo the last unit of the tier, or empty for the open top tier
 * @param quantity units priced in this tier
 * @param unitPrice price per unit in this tier
 * @param flatFee a fixed fee for reaching this tier; zero if none
 * @param amount {@code quantity * unitPrice + flatFee}, not rounded
 */
public record TierCharge(BigDecimal from, Optional<BigDecimal> upTo, BigDecimal quantity, BigDecimal unitPrice,
                         BigDecimal flatFee, BigDecimal amount) {
    /** Validates that nothing is null. */
    public TierCharge {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(upTo, "upTo");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(unitPrice, "unitPrice");
        Objects.requireNonNull(flatFee, "flatFee");
        Objects.requireNonNull(amount, "amount");
    }
}
