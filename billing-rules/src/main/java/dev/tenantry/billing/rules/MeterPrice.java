package dev.tenantry.billing.rules;

import dev.tenantry.spi.billing.TierCharge;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How one meter is priced: a pricing model applied to the billable units, that is the quantity used minus the
 * free allowance. Charges are exact (no rounding): the invoice rounds each line once, half-even, to the
 * currency's minor units.
 *
 * <p>Every model is non-decreasing in the billable units except {@link Volume}, whose total may drop where a
 * cheaper tier starts (a "volume cliff"); that is what volume pricing means, so it is allowed and documented.
 */
public sealed interface MeterPrice permits MeterPrice.PerUnit, MeterPrice.Graduated, MeterPrice.Volume,
        MeterPrice.PerPackage {

    /** {@return the free allowance per calendar month, in the meter's units} */
    BigDecimal freeUnits();

    /** {@return the model's name as written in plan files} */
    String model();

    /**
     * Prices billable units.
     *
     * @param billable the units after the allowance; not negative
     * @return the exact charge and how it was reached
     */
    Charge charge(BigDecimal billable);

    /**
     * An exact charge.
     *
     * @param amount the amount, not rounded
     * @param unitPrice the single unit price, when one explains the amount
     * @param tiers the tiers that explain the amount, for graduated and volume prices
     * @param detail a short explanation for the line description, such as {@code 3 packages of 1000}; may be empty
     */
    record Charge(BigDecimal amount, Optional<BigDecimal> unitPrice, List<TierCharge> tiers, String detail) {
        /** Copies the tiers. */
        public Charge {
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(unitPrice, "unitPrice");
            tiers = List.copyOf(tiers);
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * Every billable unit at one price.
     *
     * @param freeUnits the free allowance per month
     * @param unitPrice the price per unit
     */
    record PerUnit(BigDecimal freeUnits, BigDecimal unitPrice) implements MeterPrice {
        @Override
        public String model() {
            return "per_unit";
        }

        @Override
        public Charge charge(BigDecimal billable) {
            return new Charge(billable.multiply(unitPrice), Optional.of(unitPrice), List.of(), "");
        }
    }

    /**
     * Each tier prices the units that fall in its range (like income tax brackets), plus its flat fee when
     * any unit reaches it.
     *
     * @param freeUnits the free allowance per month
     * @param tiers the tiers, with strictly increasing upper bounds and an open last tier
     */
    record Graduated(BigDecimal freeUnits, List<PriceTier> tiers) implements MeterPrice {
        /** Copies the tiers. */
        public Graduated {
            tiers = List.copyOf(tiers);
        }

        @Override
        public String model() {
            return "graduated";
        }

        @Override
        public Charge charge(BigDecimal billable) {
            List<TierCharge> parts = new ArrayList<>(tiers.size());
            BigDecimal total = BigDecimal.ZERO;
            BigDecimal lower = BigDecimal.ZERO;
            for (PriceTier tier : tiers) {
                if (billable.compareTo(lower) <= 0) {
                    break;
                }
                BigDecimal top = tier.upTo().map(billable::min).orElse(billable);
                BigDecimal inTier = top.subtract(lower);
                BigDecimal amount = inTier.multiply(tier.unitPrice()).add(tier.flatFee());
                parts.add(new TierCharge(lower, tier.upTo(), inTier, tier.unitPrice(), tier.flatFee(), amount));
                total = total.add(amount);
                if (tier.upTo().isEmpty()) {
                    break;
                }
                lower = tier.upTo().get();
            }
            return new Charge(total, Optional.empty(), parts, "graduated");
        }
    }

    /**
     * All billable units at the price of the tier the total falls in, plus that tier's flat fee. No units, no
     * charge.
     *
     * @param freeUnits the free allowance per month
     * @param tiers the tiers, with strictly increasing upper bounds and an open last tier
     */
    record Volume(BigDecimal freeUnits, List<PriceTier> tiers) implements MeterPrice {
        /** Copies the tiers. */
        public Volume {
            tiers = List.copyOf(tiers);
        }

        @Override
        public String model() {
            return "volume";
        }

        @Override
        public Charge charge(BigDecimal billable) {
            if (billable.signum() == 0) {
                return new Charge(BigDecimal.ZERO, Optional.empty(), List.of(), "volume");
            }
            BigDecimal lower = BigDecimal.ZERO;
            for (PriceTier tier : tiers) {
                if (tier.covers(billable)) {
                    BigDecimal amount = billable.multiply(tier.unitPrice()).add(tier.flatFee());
                    TierCharge part = new TierCharge(lower, tier.upTo(), billable, tier.unitPrice(), tier.flatFee(),
                            amount);
                    return new Charge(amount, Optional.empty(), List.of(part), "volume");
                }
                lower = tier.upTo().orElseThrow();
            }
            // Validation guarantees an open last tier, so every quantity is covered.
            throw new IllegalStateException("volume tiers do not cover " + billable);
        }
    }

    /**
     * Units sold in packages of {@code packageSize}, each started package charged in full.
     *
     * @param freeUnits the free allowance per month
     * @param packageSize units per package; positive
     * @param packagePrice the price of one package
     */
    record PerPackage(BigDecimal freeUnits, BigDecimal packageSize, BigDecimal packagePrice) implements MeterPrice {
        @Override
        public String model() {
            return "package";
        }

        @Override
        public Charge charge(BigDecimal billable) {
            BigDecimal packages = billable.divide(packageSize, 0, RoundingMode.CEILING);
            return new Charge(packages.multiply(packagePrice), Optional.empty(), List.of(),
                    packages.toPlainString() + " packages of " + packageSize.stripTrailingZeros().toPlainString()
                            + " at " + packagePrice.stripTrailingZeros().toPlainString());
        }
    }
}
