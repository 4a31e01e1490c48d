package dev.tenantry.billing.rules;

import dev.tenantry.spi.billing.BillingRule;
import dev.tenantry.spi.billing.BillingRules;
import dev.tenantry.spi.billing.Invoice;
import dev.tenantry.spi.billing.InvoiceDraft;
import dev.tenantry.spi.billing.InvoiceRequest;
import dev.tenantry.spi.billing.LineItem;
import dev.tenantry.spi.billing.Money;
import dev.tenantry.spi.billing.TierCharge;
import dev.tenantry.spi.billing.TierSpan;
import dev.tenantry.spi.metering.Meter;
import dev.tenantry.spi.metering.UsageSummary;
import dev.tenantry.spi.tenant.Tier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.tenantry.billing.rules.Fixtures.DEC_1;
import static dev.tenantry.billing.rules.Fixtures.NOV_1;
import static dev.tenantry.billing.rules.Fixtures.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

/** Invariants of invoices over generated plans, usage and tier changes. */
class InvoicePropertiesTest {
    private static final List<Meter> PRICED = List.of(Meter.EXECUTIONS, Meter.CPU_MS, Meter.MEMORY_MB_SECONDS,
            Meter.API_CALLS, Meter.STORAGE_GB_HOURS);

    /** A plan with its currency's minor units, and whether it may carry discounts. */
    private record Plans(PricePlan first, PricePlan second) {
        RulesBillingEngine engine(BillingRules rules) {
            return new RulesBillingEngine(new PlanCatalog(Map.of(Tier.STARTER, first, Tier.PROFESSIONAL, second),
                    first.currency(), "generated"), rules, 0.8);
        }
    }

    @Property(tries = 200)
    void totalIsTheSumOfTheLinesMinusDiscountsPlusTheMinimumTopUp(@ForAll("plansWithDiscounts") Plans plans,
                                                                   @ForAll("usage") UsageSummary usage,
                                                                   @ForAll @IntRange(min = 0, max = 29) int changeDay) {
        Invoice invoice = plans.engine(BillingRules.none()).invoice(request(usage, changeDay));
        Money lines = Money.zero(invoice.currency());
        for (LineItem line : invoice.lines()) {
            lines = lines.plus(line.amount());
        }
        assertThat(invoice.subtotal()).isEqualTo(lines);
        assertThat(invoice.total()).isEqualTo(lines.minus(invoice.discounts()).plus(invoice.minimumTopUp()));
        assertThat(invoice.discounts().isNegative()).isFalse();
        assertThat(invoice.minimumTopUp().isNegative()).isFalse();
    }

    @Property(tries = 200)
    void withoutDiscountsTheTotalNeverDecreasesWhenUsageGrows(@ForAll("plansWithoutDiscounts") Plans plans,
                                                             @ForAll("usage") UsageSummary usage,
                                                             @ForAll("usage") UsageSummary growth,
                                                             @ForAll @IntRange(min = 0, max = 29) int changeDay) {
        RulesBillingEngine engine = plans.engine(BillingRules.none());
        Money before = engine.invoice(request(usage, changeDay)).total();
        Money after = engine.invoice(request(usage.plus(growth), changeDay)).total();
        assertThat(after).isGreaterThanOrEqualTo(before);
    }

    @Property(tries = 200)
    void theTotalIsNeverNegativeWhateverARuleCredits(@ForAll("plansWithDiscounts") Plans plans,
                                                     @ForAll("usage") UsageSummary usage,
                                                     @ForAll @LongRange(min = 0, max = 100_000_000) long creditMinor,
                                                     @ForAll @IntRange(min = 0, max = 29) int changeDay) {
        BillingRule credit = new BillingRule() {
            @Override
            public String name() {
                return "credit";
            }

            @Override
            public InvoiceDraft apply(InvoiceDraft draft, UsageSummary ignored) {
                BigDecimal amount = BigDecimal.valueOf(-creditMinor, draft.currency().getDefaultFractionDigits());
                return draft.withLine(LineItem.fixed("credit", "Credit", new Money(amount, draft.currency())));
            }
        };
        Invoice invoice = plans.engine(new BillingRules(List.of(credit))).invoice(request(usage, changeDay));
        assertThat(invoice.total().isNegative()).isFalse();
    }

    @Property(tries = 200)
    void roundingMovesNoLineByMoreThanHalfAMinorUnit(@ForAll("plansWithDiscounts") Plans plans,
                                                     @ForAll("usage") UsageSummary usage,
                                                     @ForAll @IntRange(min = 0, max = 29) int changeDay) {
        InvoiceRequest request = request(usage, changeDay);
        Invoice invoice = plans.engine(BillingRules.none()).invoice(request);
        BigDecimal half = BigDecimal.ONE.movePointLeft(invoice.currency().getDefaultFractionDigits())
                .divide(BigDecimal.valueOf(2));
        List<PricePlan> spanPlans = request.tiers().size() == 1 ? List.of(plans.first())
                : List.of(plans.first(), plans.second());
        int lineIndex = 0;
        for (PricePlan plan : spanPlans) {
            if (plan.baseFee().signum() > 0) {
                LineItem fee = invoice.lines().get(lineIndex++);
                assertWithinHalf(fee, fee.quantity().multiply(fee.unitPrice().orElseThrow()), half);
            }
            for (Map.Entry<Meter, MeterPrice> priced : plan.meters().entrySet()) {
                LineItem line = invoice.lines().get(lineIndex++);
                assertThat(line.code()).isEqualTo(priced.getKey().wireName());
                assertWithinHalf(line, exact(line, priced.getValue()), half);
            }
        }
        assertThat(lineIndex).isEqualTo(invoice.lines().size());
    }

    /** {@return the exact amount of a line, recomputed from what the line itself shows} */
    private static BigDecimal exact(LineItem line, MeterPrice price) {
        BigDecimal billable = line.quantity().subtract(line.freeUnits());
        return switch (price) {
            case MeterPrice.PerUnit perUnit -> billable.multiply(line.unitPrice().orElseThrow());
            case MeterPrice.PerPackage pack -> billable.divide(pack.packageSize(), 0, RoundingMode.CEILING)
                    .multiply(pack.packagePrice());
            case MeterPrice.Graduated ignored -> tierSum(line, billable);
            case MeterPrice.Volume ignored -> tierSum(line, billable);
        };
    }

    private static BigDecimal tierSum(LineItem line, BigDecimal billable) {
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal units = BigDecimal.ZERO;
        for (TierCharge tier : line.tiers()) {
            assertThat(tier.amount()).isEqualByComparingTo(tier.quantity().multiply(tier.unitPrice()).add(tier.flatFee()));
            sum = sum.add(tier.amount());
            units = units.add(tier.quantity());
        }
        if (!line.tiers().isEmpty() && line.tiers().size() > 1) {
            assertThat(units).isEqualByComparingTo(billable);
        }
        return sum;
    }

    private static void assertWithinHalf(LineItem line, BigDecimal exact, BigDecimal half) {
        assertThat(line.amount().amount().subtract(exact).abs()).as("rounding of %s", line.code())
                .isLessThanOrEqualTo(half);
    }

    private static InvoiceRequest request(UsageSummary usage, int changeDay) {
        if (changeDay == 0) {
            return new InvoiceRequest(TENANT, NOV_1, DEC_1, List.of(new TierSpan(Tier.STARTER, NOV_1, DEC_1)),
                    (tenant, from, to) -> usage);
        }
        Instant change = NOV_1.plus(Duration.ofDays(changeDay)).plusSeconds(changeDay * 977L);
        // The first span sees a third of the usage and the second the rest, so growth shows in both.
        UsageSummary early = UsageScaling.scale(usage, NOV_1, change, 1, 3);
        return new InvoiceRequest(TENANT, NOV_1, DEC_1,
                List.of(new TierSpan(Tier.STARTER, NOV_1, change), new TierSpan(Tier.PROFESSIONAL, change, DEC_1)),
                (tenant, from, to) -> from.equals(NOV_1) ? early : usage);
    }

    @Provide
    Arbitrary<UsageSummary> usage() {
        Arbitrary<Long> counts = Arbitraries.longs().between(0, 50_000_000);
        Arbitrary<Long> nanos = Arbitraries.longs().between(0, 5_000_000_000_000_000L);
        Arbitrary<BigDecimal> exact = Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("1e10"))
                .ofScale(3);
        return Combinators.combine(counts, nanos, nanos, exact, counts, exact)
                .as((executions, cpu, wall, memory, calls, storage) -> new UsageSummary(TENANT, NOV_1, DEC_1,
                        executions, cpu, wall, memory, calls, 0, storage.multiply(BigDecimal.valueOf(1L << 20))));
    }

    @Provide
    Arbitrary<Plans> plansWithDiscounts() {
        return Arbitraries.of("USD", "JPY", "BHD").map(Currency::getInstance)
                .flatMap(c -> Combinators.combine(plan(c, true), plan(c, true)).as(Plans::new));
    }

    @Provide
    Arbitrary<Plans> plansWithoutDiscounts() {
        return Arbitraries.of("USD", "JPY", "BHD").map(Currency::getInstance)
                .flatMap(c -> Combinators.combine(plan(c, false), plan(c, false)).as(Plans::new));
    }

    private static Arbitrary<PricePlan> plan(Currency currency, boolean discounts) {
        int digits = currency.getDefaultFractionDigits();
        Arbitrary<BigDecimal> fee = Arbitraries.longs().between(0, 100_000).map(minor -> BigDecimal.valueOf(minor, digits));
        Arbitrary<Map<Meter, MeterPrice>> meters = Arbitraries.subsetOf(PRICED).flatMap(chosen -> {
            List<Arbitrary<MeterPrice>> prices = chosen.stream().map(m -> meterPrice()).toList();
            return Combinators.combine(prices).as(list -> {
                Map<Meter, MeterPrice> map = new EnumMap<>(Meter.class);
                List<Meter> ordered = chosen.stream().sorted().toList();
                for (int i = 0; i < ordered.size(); i++) {
                    map.put(ordered.get(i), list.get(i));
                }
                return map;
            });
        });
        Arbitrary<List<Discount>> discountList = discounts
                ? Arbitraries.integers().between(1, 50).list().ofMaxSize(2).map(percents -> {
                    List<Discount> list = new ArrayList<>();
                    for (int i = 0; i < percents.size(); i++) {
                        list.add(new Discount("d" + i, BigDecimal.valueOf(percents.get(i))));
                    }
                    return list;
                })
                : Arbitraries.just(List.of());
        return Combinators.combine(fee, fee, meters, discountList).as((base, minimum, priced, off) ->
                new PricePlan(Tier.STARTER, currency, base, minimum, priced, off, HeadlineLimits.NONE));
    }

    private static Arbitrary<MeterPrice> meterPrice() {
        Arbitrary<BigDecimal> free = Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("100000"))
                .ofScale(2);
        Arbitrary<BigDecimal> unitPrice = Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("0.5"))
                .ofScale(7);
        Arbitrary<MeterPrice> perUnit = Combinators.combine(free, unitPrice).as(MeterPrice.PerUnit::new);
        Arbitrary<MeterPrice> pack = Combinators.combine(free, Arbitraries.longs().between(1, 100_000), unitPrice)
                .as((f, size, price) -> new MeterPrice.PerPackage(f, BigDecimal.valueOf(size), price.movePointRight(2)));
        Arbitrary<List<BigDecimal>> steps = Arbitraries.longs().between(1, 10_000_000).map(BigDecimal::valueOf)
                .list().ofMinSize(0).ofMaxSize(3);
        Arbitrary<List<BigDecimal>> prices = unitPrice.list().ofSize(4);
        Arbitrary<List<BigDecimal>> fees = Arbitraries.bigDecimals().between(BigDecimal.ZERO, BigDecimal.TEN)
                .ofScale(2).list().ofSize(4);
        Arbitrary<MeterPrice> graduated = Combinators.combine(free, steps, prices, fees)
                .as((f, s, p, ff) -> new MeterPrice.Graduated(f, tiers(s, p, ff, false)));
        Arbitrary<MeterPrice> volume = Combinators.combine(free, steps, prices, fees)
                .as((f, s, p, ff) -> new MeterPrice.Volume(f, tiers(s, p, ff, true)));
        return Arbitraries.oneOf(perUnit, pack, graduated, volume);
    }

    /**
     * Builds tiers at cumulative boundaries. For volume prices the flat fees are raised where needed so the charge
     * never drops at a boundary: a volume "cliff" lowers the total on purpose, which is what volume pricing is
     * (see {@link MeterPrice}), so the monotonicity property holds for cliff-free volume prices only.
     */
    private static List<PriceTier> tiers(List<BigDecimal> steps, List<BigDecimal> prices, List<BigDecimal> fees,
                                         boolean withoutCliffs) {
        List<PriceTier> tiers = new ArrayList<>();
        BigDecimal bound = BigDecimal.ZERO;
        BigDecimal previousCharge = null;
        for (int i = 0; i <= steps.size(); i++) {
            boolean last = i == steps.size();
            BigDecimal price = prices.get(i);
            BigDecimal fee = fees.get(i);
            if (withoutCliffs && previousCharge != null) {
                BigDecimal atBound = bound.multiply(price).add(fee);
                if (atBound.compareTo(previousCharge) < 0) {
                    fee = fee.add(previousCharge.subtract(atBound));
                }
            }
            Optional<BigDecimal> upTo = last ? Optional.empty() : Optional.of(bound.add(steps.get(i)));
            tiers.add(new PriceTier(upTo, price, fee));
            if (!last) {
                bound = upTo.get();
                previousCharge = bound.multiply(price).add(fee);
            }
        }
        return tiers;
    }
}
