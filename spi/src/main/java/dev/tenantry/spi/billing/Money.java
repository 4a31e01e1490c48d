package dev.tenantry.spi.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount of money in one currency, at the currency's minor units (cents for USD, none for JPY).
 * Never a floating-point number.
 *
 * @param amount the amount, with exactly the currency's number of fraction digits
 * @param currency the ISO 4217 currency
 */
public record Money(BigDecimal amount, Currency currency) implements Comparable<Money> {

    /**
     * Validates the scale.
     *
     * @throws IllegalArgumentException if the amount has more fraction digits than the currency allows
     */
    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        int digits = Math.max(0, currency.getDefaultFractionDigits());
        try {
            amount = amount.setScale(digits, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(amount + " has more fraction digits than " + currency + " allows ("
                    + digits + "); round it first with Money.rounded");
        }
    }

    /** {@return zero in {@code currency}} */
    public static Money zero(Currency currency) {
        return new Money(BigDecimal.ZERO, currency);
    }

    /** {@return {@code amount} rounded half-even to the minor units of {@code currency}} */
    public static Money rounded(BigDecimal amount, Currency currency) {
        return new Money(amount.setScale(Math.max(0, currency.getDefaultFractionDigits()), RoundingMode.HALF_EVEN),
                currency);
    }

    /** {@return this plus {@code other}} @throws IllegalArgumentException if the currencies differ */
    public Money plus(Money other) {
        sameCurrency(other);
        return new Money(amount.add(other.amount), currency);
    }

    /** {@return this minus {@code other}} @throws IllegalArgumentException if the currencies differ */
    public Money minus(Money other) {
        sameCurrency(other);
        return new Money(amount.subtract(other.amount), currency);
    }

    /** {@return whether this is below zero} */
    public boolean isNegative() {
        return amount.signum() < 0;
    }

    @Override
    public int compareTo(Money other) {
        sameCurrency(other);
        return amount.compareTo(other.amount);
    }

    private void sameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot combine " + currency + " and " + other.currency);
        }
    }

    @Override
    public String toString() {
        return amount.toPlainString() + " " + currency.getCurrencyCode();
    }
}
