package dev.tenantry.spi.billing;

import dev.tenantry.spi.TenantId;

import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

/**
 * A finished invoice. Its figures always satisfy
 * {@code total = subtotal - discounts + minimumTopUp} with {@code subtotal} the sum of the lines, and
 * {@code total} is never negative.
 *
 * @param tenant the tenant
 * @param from start of the period, inclusive
 * @param to end of the period, exclusive
 * @param currency the currency of every amount
 * @param lines the lines, in a deterministic order
 * @param subtotal the sum of the lines
 * @param discounts the total of percentage discounts (a positive amount, subtracted)
 * @param minimumTopUp what was added to reach the plan's minimum charge
 * @param total what the tenant owes
 */
public record Invoice(TenantId tenant, Instant from, Instant to, Currency currency, List<LineItem> lines,
                      Money subtotal, Money discounts, Money minimumTopUp, Money total) {
    /**
     * Validates the arithmetic.
     *
     * @throws IllegalArgumentException if the figures do not add up or the total is negative
     */
    public Invoice {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(currency, "currency");
        lines = List.copyOf(lines);
        Money sum = Money.zero(currency);
        for (LineItem line : lines) {
            sum = sum.plus(line.amount());
        }
        if (sum.compareTo(subtotal) != 0) {
            throw new IllegalArgumentException("subtotal " + subtotal + " is not the sum of the lines " + sum);
        }
        if (subtotal.minus(discounts).plus(minimumTopUp).compareTo(total) != 0) {
            throw new IllegalArgumentException("total " + total + " is not subtotal - discounts + minimum top-up");
        }
        if (total.isNegative()) {
            throw new IllegalArgumentException("total cannot be negative: " + total);
        }
    }
}
