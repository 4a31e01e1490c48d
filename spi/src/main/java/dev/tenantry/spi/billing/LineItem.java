package dev.tenantry.spi.billing;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of an invoice.
 *
 * @param code what the line is for: a meter's wire name ({@code cpu_ms}), {@code base_fee}, or a rule's own code
 * @param description a human-readable description, such as {@code CPU time (professional, 2026-11-01 to 2026-11-15)}
 * @param quantity units used in the line's period
 * @param freeUnits units of the quantity that were free (allowance)
 * @param unitPrice the price per unit for a per-unit or single-tier price; empty when {@code tiers} explain it
 * @param tiers how a graduated or volume price was applied; empty otherwise
 * @param amount the line's amount, rounded half-even to the currency's minor units
 */
public record LineItem(String code, String description, BigDecimal quantity, BigDecimal freeUnits,
                       Optional<BigDecimal> unitPrice, List<TierCharge> tiers, Money amount) {
    /** Validates that nothing is null and copies the tiers. */
    public LineItem {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(freeUnits, "freeUnits");
        Objects.requireNonNull(unitPrice, "unitPrice");
        tiers = List.copyOf(tiers);
        Objects.requireNonNull(amount, "amount");
    }

    /** {@return a line with a fixed amount and no quantity breakdown, for fees and rule adjustments} */
    public static LineItem fixed(String code, String description, Money amount) {
        return new LineItem(code, description, BigDecimal.ONE, BigDecimal.ZERO, Optional.empty(), List.of(), amount);
    }
}
