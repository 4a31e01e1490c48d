package dev.tenantry.billing.rules;

import dev.tenantry.spi.metering.Meter;
import dev.tenantry.spi.tenant.Tier;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Currency;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The price plan of one tier. Fees, allowances and the minimum charge are per calendar month (UTC) and prorated
 * by time when a plan applies to part of a month.
 *
 * @param tier the tier the plan prices
 * @param currency the ISO 4217 currency of every price
 * @param baseFee the fixed fee per month, at the currency's minor units
 * @param minimumCharge the least a month costs after discounts, at the currency's minor units
 * @param meters how each priced meter is priced, iterated in {@link Meter} order; meters not present are free
 * @param discounts percentage discounts, applied together to the subtotal
 * @param limits the tier's advertised limits, used to judge whether usage fits the tier
 */
public record PricePlan(Tier tier, Currency currency, BigDecimal baseFee, BigDecimal minimumCharge,
                        Map<Meter, MeterPrice> meters, List<Discount> discounts, HeadlineLimits limits) {

    /** Copies the collections, keeping the meters in {@link Meter} order. */
    public PricePlan {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(baseFee, "baseFee");
        Objects.requireNonNull(minimumCharge, "minimumCharge");
        EnumMap<Meter, MeterPrice> ordered = new EnumMap<>(Meter.class);
        ordered.putAll(meters);
        meters = Collections.unmodifiableMap(ordered);
        discounts = List.copyOf(discounts);
        Objects.requireNonNull(limits, "limits");
    }

    /** {@return the sum of the discount percentages} */
    public BigDecimal discountPercent() {
        return discounts.stream().map(Discount::percent).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
