package dev.tenantry.billing.rules;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A percentage taken off a plan's subtotal.
 *
 * @param name what the discount is for, such as {@code committed-use}
 * @param percent the percentage, in {@code (0, 100]}
 */
public record Discount(String name, BigDecimal percent) {
    /** Validates that nothing is null. */
    public Discount {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(percent, "percent");
    }
}
