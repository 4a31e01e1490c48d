package dev.tenantry.testkit.billing;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.billing.BillingEngine;
import dev.tenantry.spi.billing.BillingException;
import dev.tenantry.spi.billing.BillingRule;
import dev.tenantry.spi.billing.BillingRules;
import dev.tenantry.spi.billing.CostEstimate;
import dev.tenantry.spi.billing.Invoice;
import dev.tenantry.spi.billing.InvoiceDraft;
import dev.tenantry.spi.billing.InvoiceJson;
import dev.tenantry.spi.billing.InvoiceRequest;
import dev.tenantry.spi.billing.LineItem;
import dev.tenantry.spi.billing.Money;
import dev.tenantry.spi.billing.TierRecommendation;
import dev.tenantry.spi.billing.TierSpan;
import dev.tenantry.spi.billing.UsageReader;
import dev.tenantry.spi.metering.UsageSummary;
import dev.tenantry.spi.tenant.TenantConfig;
import dev.tenantry.spi.tenant.Tier;
import dev.tenantry.testkit.SampleTenants;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What every {@link BillingEngine} must do: deterministic invoices whose figures add up
 * ({@code total = subtotal - discounts + minimum top-up}, never negative), each tier span priced with its own
 * usage and prorated by time, custom rules run in order with a failing rule named, usage of another tenant
 * refused, estimates consistent with invoices, and upgrades recommended near a limit.
 *
 * <p>An implementation's test extends this class and creates the engine under test. The defaults assume a
 * catalog with plans for {@link Tier#PROFESSIONAL} and {@link Tier#BUSINESS} and none for {@link Tier#CUSTOM};
 * override {@link #pricedTier()}, {@link #otherPricedTier()} and {@link #unpricedTier()} otherwise. For the
 * proration test, the plans of the two priced tiers must cost different amounts for a month without usage, and
 * that cost must be linear in time (no percentage discounts, minimum charge not above the base fee).
 */
public abstract class BillingEngineContract {

    /** Start of the contract's invoice period: a 30-day month. */
    protected static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
    /** The middle of the period. */
    protected static final Instant MIDDLE = Instant.parse("2026-11-16T00:00:00Z");
    /** End of the period, exclusive. */
    protected static final Instant TO = Instant.parse("2026-12-01T00:00:00Z");
    /** The tenant invoiced. */
    protected static final TenantId TENANT = TenantId.of("contract-tenant");

    /**
     * Creates the engine under test.
     *
     * @param rules the custom rules the platform would share with it
     * @return a new engine; the contract closes it
     */
    protected abstract BillingEngine createEngine(BillingRules rules);

    /** {@return a tier that has a plan, not the highest standard tier} */
    protected Tier pricedTier() {
        return Tier.PROFESSIONAL;
    }

    /** {@return another tier that has a plan} */
    protected Tier otherPricedTier() {
        return Tier.BUSINESS;
    }

    /** {@return a tier without a plan, if the engine has one} */
    protected Optional<Tier> unpricedTier() {
        return Optional.of(Tier.CUSTOM);
    }

    /** {@return a month of moderate usage of every meter} */
    protected UsageSummary usage(Instant from, Instant to) {
        return new UsageSummary(TENANT, from, to, 250_000, 40_000_000_000_000L, 90_000_000_000_000L,
                new BigDecimal("12500000"), 600_000, 3_000_000_000L, new BigDecimal("5000000000000"));
    }

    private InvoiceRequest request(List<TierSpan> spans, UsageReader reader) {
        return new InvoiceRequest(TENANT, spans.getFirst().from(), spans.getLast().to(), spans, reader);
    }

    private InvoiceRequest month(Tier tier) {
        return request(List.of(new TierSpan(tier, FROM, TO)), (tenant, from, to) -> usage(from, to));
    }

    private Invoice invoice(BillingRules rules, InvoiceRequest request) {
        try (BillingEngine engine = createEngine(rules)) {
            return engine.invoice(request);
        }
    }

    private static Money sum(List<LineItem> lines, Money zero) {
        Money sum = zero;
        for (LineItem line : lines) {
            sum = sum.plus(line.amount());
        }
        return sum;
    }

    @Test
    void theSameRequestGivesEqualInvoicesAndIdenticalCanonicalJson() {
        try (BillingEngine engine = createEngine(BillingRules.none())) {
            Invoice first = engine.invoice(month(pricedTier()));
            Invoice second = engine.invoice(month(pricedTier()));
            assertThat(second).isEqualTo(first);
            assertThat(InvoiceJson.write(second)).isEqualTo(InvoiceJson.write(first));
        }
        try (BillingEngine another = createEngine(BillingRules.none())) {
            assertThat(InvoiceJson.write(another.invoice(month(pricedTier()))))
                    .isEqualTo(InvoiceJson.write(invoice(BillingRules.none(), month(pricedTier()))));
        }
    }

    @Test
    void totalIsTheSumOfTheLinesMinusDiscountsPlusTheMinimumTopUp() {
        for (Tier tier : List.of(pricedTier(), otherPricedTier())) {
            Invoice invoice = invoice(BillingRules.none(), month(tier));
            assertThat(invoice.subtotal()).isEqualTo(sum(invoice.lines(), Money.zero(invoice.currency())));
            assertThat(invoice.total())
                    .isEqualTo(invoice.subtotal().minus(invoice.discounts()).plus(invoice.minimumTopUp()));
            assertThat(invoice.discounts().isNegative()).isFalse();
            assertThat(invoice.minimumTopUp().isNegative()).isFalse();
            assertThat(invoice.total().isNegative()).isFalse();
        }
    }

    @Test
    void anInvoiceIsForTheRequestedTenantAndPeriodWithEveryLineInItsCurrency() {
        Invoice invoice = invoice(BillingRules.none(), month(pricedTier()));
        assertThat(invoice.tenant()).isEqualTo(TENANT);
        assertThat(invoice.from()).isEqualTo(FROM);
        assertThat(invoice.to()).isEqualTo(TO);
        assertThat(invoice.lines()).isNotEmpty()
                .allSatisfy(line -> assertThat(line.amount().currency()).isEqualTo(invoice.currency()));
    }

    @Test
    void theTotalIsNeverNegativeEvenWhenARuleCreditsMoreThanTheSubtotal() {
        BillingRule credit = rule("huge-credit", 0, (draft, usage) -> draft.withLine(LineItem.fixed("credit",
                "Goodwill credit", new Money(new BigDecimal("-1000000"), draft.currency()))));
        Invoice invoice = invoice(new BillingRules(List.of(credit)), month(pricedTier()));
        assertThat(invoice.subtotal().isNegative()).isTrue();
        assertThat(invoice.total().isNegative()).isFalse();
        assertThat(invoice.total())
                .isEqualTo(invoice.subtotal().minus(invoice.discounts()).plus(invoice.minimumTopUp()));
    }

    @Test
    void eachTierSpanIsPricedWithTheUsageOfItsOwnStretch() {
        List<String> asked = Collections.synchronizedList(new ArrayList<>());
        UsageReader reader = (tenant, from, to) -> {
            asked.add(from + "/" + to);
            return usage(from, to);
        };
        invoice(BillingRules.none(), request(List.of(new TierSpan(pricedTier(), FROM, MIDDLE),
                new TierSpan(otherPricedTier(), MIDDLE, TO)), reader));
        assertThat(asked).contains(FROM + "/" + MIDDLE, MIDDLE + "/" + TO);
    }

    @Test
    void splittingAPeriodIntoSpansOfOneTierWithoutUsageCostsTheSameUpToRounding() {
        UsageReader none = (tenant, from, to) -> UsageSummary.empty(tenant, from, to);
        Invoice whole = invoice(BillingRules.none(), request(List.of(new TierSpan(pricedTier(), FROM, TO)), none));
        Invoice split = invoice(BillingRules.none(), request(List.of(new TierSpan(pricedTier(), FROM, MIDDLE),
                new TierSpan(pricedTier(), MIDDLE, TO)), none));
        BigDecimal minorUnit = BigDecimal.ONE.movePointLeft(whole.currency().getDefaultFractionDigits());
        assertThat(split.total().amount().subtract(whole.total().amount()).abs())
                .isLessThanOrEqualTo(minorUnit.multiply(BigDecimal.valueOf(2)));
    }

    @Test
    void aTierChangeHalfwayWithoutUsageCostsHalfOfEachTiersMonth() {
        UsageReader none = (tenant, from, to) -> UsageSummary.empty(tenant, from, to);
        Money first = invoice(BillingRules.none(), request(List.of(new TierSpan(pricedTier(), FROM, TO)), none)).total();
        Money second = invoice(BillingRules.none(), request(List.of(new TierSpan(otherPricedTier(), FROM, TO)), none))
                .total();
        Money changed = invoice(BillingRules.none(), request(List.of(new TierSpan(pricedTier(), FROM, MIDDLE),
                new TierSpan(otherPricedTier(), MIDDLE, TO)), none)).total();
        assertThat(first).as("the two tiers must cost differently for this test to mean anything")
                .isNotEqualTo(second);
        BigDecimal half = first.amount().add(second.amount()).divide(BigDecimal.valueOf(2));
        BigDecimal minorUnit = BigDecimal.ONE.movePointLeft(first.currency().getDefaultFractionDigits());
        assertThat(changed.amount().subtract(half).abs()).isLessThanOrEqualTo(minorUnit.multiply(BigDecimal.valueOf(2)));
    }

    @Test
    void aFailingRuleFailsTheInvoiceWithABillingExceptionNamingTheRule() {
        BillingRule broken = rule("loyalty-bonus", 0, (draft, usage) -> {
            throw new IllegalStateException("no loyalty data");
        });
        assertThatThrownBy(() -> invoice(new BillingRules(List.of(broken)), month(pricedTier())))
                .isInstanceOf(BillingException.class)
                .hasMessageContaining("loyalty-bonus");
    }

    @Test
    void rulesRunInAscendingOrderAfterPricingAndSeeThePeriodsUsage() {
        AtomicReference<UsageSummary> seen = new AtomicReference<>();
        BillingRule late = rule("late", 20, (draft, usage) -> draft.withLine(LineItem.fixed("late", "Late",
                Money.zero(draft.currency()))));
        BillingRule early = rule("early", 10, (draft, usage) -> {
            seen.set(usage);
            assertThat(draft.lines()).as("the plan's lines come before any rule runs").isNotEmpty();
            return draft.withLine(LineItem.fixed("early", "Early", Money.zero(draft.currency())));
        });
        Invoice invoice = invoice(new BillingRules(List.of(late, early)), month(pricedTier()));
        List<String> codes = invoice.lines().stream().map(LineItem::code).toList();
        assertThat(codes.subList(codes.size() - 2, codes.size())).containsExactly("early", "late");
        assertThat(seen.get().tenant()).isEqualTo(TENANT);
        assertThat(seen.get().executions()).isEqualTo(usage(FROM, TO).executions());
    }

    @Test
    void aLineAddedByARuleCountsInTheSubtotal() {
        Invoice plain = invoice(BillingRules.none(), month(pricedTier()));
        Money fee = new Money(new BigDecimal("10"), plain.currency());
        BillingRule support = rule("support-fee", 0, (draft, usage) -> draft.withLine(LineItem.fixed("support",
                "Support", fee)));
        Invoice withFee = invoice(new BillingRules(List.of(support)), month(pricedTier()));
        assertThat(withFee.subtotal()).isEqualTo(plain.subtotal().plus(fee));
    }

    @Test
    void aTierWithoutAPlanFailsWithABillingException() {
        Optional<Tier> unpriced = unpricedTier();
        assumeTrue(unpriced.isPresent(), "the engine prices every tier");
        assertThatThrownBy(() -> invoice(BillingRules.none(), month(unpriced.get())))
                .isInstanceOf(BillingException.class)
                .hasMessageContaining(unpriced.get().id());
    }

    @Test
    void usageOfAnotherTenantIsRefused() {
        TenantId other = TenantId.of("someone-else");
        UsageReader leaky = (tenant, from, to) -> UsageSummary.empty(other, from, to);
        assertThatThrownBy(() -> invoice(BillingRules.none(), request(List.of(new TierSpan(pricedTier(), FROM, TO)),
                leaky))).isInstanceOf(BillingException.class);
    }

    @Test
    void anEstimateReportsTheInvoiceSoFarAndAForecastThatIsNoLess() {
        InvoiceRequest soFar = request(List.of(new TierSpan(pricedTier(), FROM, MIDDLE)),
                (tenant, from, to) -> usage(from, to));
        try (BillingEngine engine = createEngine(BillingRules.none())) {
            CostEstimate estimate = engine.estimate(soFar, TO);
            assertThat(estimate.tenant()).isEqualTo(TENANT);
            assertThat(estimate.periodStart()).isEqualTo(FROM);
            assertThat(estimate.asOf()).isEqualTo(MIDDLE);
            assertThat(estimate.periodEnd()).isEqualTo(TO);
            assertThat(estimate.soFar()).isEqualTo(engine.invoice(soFar).total());
            assertThat(estimate.forecast()).isGreaterThanOrEqualTo(estimate.soFar());
        }
    }

    @Test
    void anEstimateAtThePeriodsEndForecastsTheInvoiceItself() {
        try (BillingEngine engine = createEngine(BillingRules.none())) {
            CostEstimate estimate = engine.estimate(month(pricedTier()), TO);
            Money total = engine.invoice(month(pricedTier())).total();
            assertThat(estimate.soFar()).isEqualTo(total);
            assertThat(estimate.forecast()).isEqualTo(total);
        }
    }

    @Test
    void usagePastEightyPercentOfTheMonthlyExecutionLimitRecommendsAnotherTier() {
        TenantConfig tenant = tenantOn(pricedTier());
        long limit = tenant.limits().requests().monthlyExecutions();
        UsageSummary heavy = new UsageSummary(TENANT, FROM, TO, limit * 9 / 10, 0, 0, BigDecimal.ZERO, 0, 0,
                BigDecimal.ZERO);
        try (BillingEngine engine = createEngine(BillingRules.none())) {
            List<TierRecommendation> recommendations = engine.recommend(tenant,
                    request(List.of(new TierSpan(pricedTier(), FROM, TO)), (t, from, to) -> heavy));
            assertThat(recommendations).anySatisfy(r -> {
                assertThat(r.reason()).isEqualTo("near_limit");
                assertThat(r.current()).isEqualTo(pricedTier());
                assertThat(r.suggested()).isNotEqualTo(pricedTier());
            });
        }
    }

    @Test
    void recommendationsNeverSuggestTheCurrentTierAndCarryBothAmounts() {
        TenantConfig tenant = tenantOn(pricedTier());
        try (BillingEngine engine = createEngine(BillingRules.none())) {
            List<TierRecommendation> recommendations = engine.recommend(tenant, month(pricedTier()));
            assertThat(recommendations).allSatisfy(r -> {
                assertThat(r.suggested()).isNotEqualTo(r.current());
                assertThat(r.currentCost().currency()).isEqualTo(r.suggestedCost().currency());
            });
        }
    }

    /** {@return a tenant with id {@link #TENANT} on {@code tier} with {@link SampleTenants#limits()}} */
    protected static TenantConfig tenantOn(Tier tier) {
        TenantConfig sample = SampleTenants.tenant(TENANT.value(), FROM);
        return sample.withTier(tier, sample.limits(), FROM);
    }

    /** A rule in a lambda, for tests. */
    protected interface RuleBody {
        /** Adjusts a draft. */
        InvoiceDraft apply(InvoiceDraft draft, UsageSummary usage);
    }

    /** {@return a rule named {@code name} running at {@code order}} */
    protected static BillingRule rule(String name, int order, RuleBody body) {
        return new BillingRule() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int order() {
                return order;
            }

            @Override
            public InvoiceDraft apply(InvoiceDraft draft, UsageSummary usage) {
                return body.apply(draft, usage);
            }
        };
    }
}
