package dev.tenantry.billing.rules;

import dev.tenantry.spi.billing.BillingRules;
import dev.tenantry.spi.billing.CostEstimate;
import dev.tenantry.spi.billing.InvoiceRequest;
import dev.tenantry.spi.billing.TierRecommendation;
import dev.tenantry.spi.billing.TierSpan;
import dev.tenantry.spi.metering.UsageSummary;
import dev.tenantry.spi.tenant.TenantConfig;
import dev.tenantry.spi.tenant.Tier;
import dev.tenantry.testkit.SampleTenants;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static dev.tenantry.billing.rules.Fixtures.DEC_1;
import static dev.tenantry.billing.rules.Fixtures.NOV_1;
import static dev.tenantry.billing.rules.Fixtures.NOV_11;
import static dev.tenantry.billing.rules.Fixtures.NOV_16;
import static dev.tenantry.billing.rules.Fixtures.TENANT;
import static dev.tenantry.billing.rules.Fixtures.executions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cost so far with a linear forecast, and tier recommendations with both amounts. */
class EstimateAndRecommendTest {
    private static final String PLANS = """
            plans:
              starter:
                currency: USD
                baseFee: 0
                meters:
                  executions:
                    model: per_unit
                    unitPrice: 0.02
              professional:
                currency: USD
                baseFee: 30
                meters:
                  executions:
                    model: per_unit
                    unitPrice: 0.01
            """;

    @Test
    void anEstimateForecastsTheRestOfThePeriodAtTheRateSoFar() {
        // 10 of 30 days: base 30 x 10/30 = 10.00, 1000 executions x 0.01 = 10.00: 20.00 so far.
        // At the same rate the month has 3000 executions: 30.00 + 30.00 = 60.00.
        InvoiceRequest soFar = new InvoiceRequest(TENANT, NOV_1, NOV_11,
                List.of(new TierSpan(Tier.PROFESSIONAL, NOV_1, NOV_11)), (t, from, to) -> executions(1_000, from, to));
        CostEstimate estimate = Fixtures.engine(PLANS).estimate(soFar, DEC_1);
        assertThat(estimate.soFar().amount()).isEqualByComparingTo("20.00");
        assertThat(estimate.forecast().amount()).isEqualByComparingTo("60.00");
        assertThat(estimate.asOf()).isEqualTo(NOV_11);
    }

    @Test
    void aForecastPricesTheRestOfThePeriodOnTheCurrentTier() {
        // starter Nov 1-11 with 1000 executions: 1000 x 0.02 = 20.00
        // professional Nov 11-16 (5 of 30 days) with 500: base 30 x 5/30 = 5.00 + 500 x 0.01 = 5.00; so far 30.00
        // The rate so far is 1500 per 15 days, so 1500 more by December, all of them on professional:
        // 20.00 + base 30 x 20/30 = 20.00 + (500 + 1500) x 0.01 = 20.00: 60.00
        InvoiceRequest soFar = new InvoiceRequest(TENANT, NOV_1, NOV_16,
                List.of(new TierSpan(Tier.STARTER, NOV_1, NOV_11), new TierSpan(Tier.PROFESSIONAL, NOV_11, NOV_16)),
                (t, from, to) -> executions(from.equals(NOV_1) ? 1_000 : 500, from, to));
        CostEstimate estimate = Fixtures.engine(PLANS).estimate(soFar, DEC_1);
        assertThat(estimate.soFar().amount()).isEqualByComparingTo("30.00");
        assertThat(estimate.forecast().amount()).isEqualByComparingTo("60.00");
    }

    @Test
    void anEstimateReadsEachStretchOfUsageOnce() {
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        InvoiceRequest soFar = new InvoiceRequest(TENANT, NOV_1, NOV_11,
                List.of(new TierSpan(Tier.PROFESSIONAL, NOV_1, NOV_11)), (t, from, to) -> {
                    reads.incrementAndGet();
                    return executions(1_000, from, to);
                });
        Fixtures.engine(PLANS).estimate(soFar, DEC_1);
        assertThat(reads).hasValue(1);
    }

    @Test
    void anEstimateCannotEndBeforeItsMeasuredStretch() {
        InvoiceRequest soFar = Fixtures.november(Tier.PROFESSIONAL, executions(1, NOV_1, DEC_1));
        assertThatThrownBy(() -> Fixtures.engine(PLANS).estimate(soFar, NOV_16))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(NOV_16.toString());
    }

    private static TenantConfig tenantOn(Tier tier) {
        TenantConfig sample = SampleTenants.tenant(TENANT.value(), NOV_1);
        return sample.withTier(tier, sample.limits(), NOV_1);
    }

    private static RulesBillingEngine defaults() {
        return new RulesBillingEngine(PlanCatalog.defaults(), BillingRules.none(), 0.8);
    }

    @Test
    void usagePastEightyPercentOfTheMonthlyExecutionsSuggestsTheNextTierWithBothCosts() {
        // sample limits: 1,000,000 executions a month; 850,000 is 85%. Default plans:
        // professional: 29.00 + (850,000 - 100,000 free) x 0.00015 = 29.00 + 112.50 = 141.50
        // business (room for 10,000,000): 199.00, the 850,000 are within its 1,000,000 free executions
        UsageSummary usage = executions(850_000, NOV_1, DEC_1);
        List<TierRecommendation> recommendations = defaults().recommend(tenantOn(Tier.PROFESSIONAL),
                Fixtures.november(Tier.PROFESSIONAL, usage));
        assertThat(recommendations).filteredOn(r -> r.reason().equals("near_limit")).singleElement().satisfies(r -> {
            assertThat(r.suggested()).isEqualTo(Tier.BUSINESS);
            assertThat(r.currentCost().amount()).isEqualByComparingTo("141.50");
            assertThat(r.suggestedCost().amount()).isEqualByComparingTo("199.00");
            assertThat(r.detail()).contains("85%").contains("monthly limit");
        });
    }

    @Test
    void averageStorageNearTheLimitSuggestsAnUpgrade() {
        // sample storage limit 1 MiB; 900,000 bytes for all 720 hours of November averages 86%
        UsageSummary usage = new UsageSummary(TENANT, NOV_1, DEC_1, 10, 0, 0, BigDecimal.ZERO, 0, 0,
                BigDecimal.valueOf(900_000L * 720));
        List<TierRecommendation> recommendations = defaults().recommend(tenantOn(Tier.STARTER),
                Fixtures.november(Tier.STARTER, usage));
        assertThat(recommendations).anySatisfy(r -> {
            assertThat(r.reason()).isEqualTo("near_limit");
            assertThat(r.suggested()).isEqualTo(Tier.PROFESSIONAL);
            assertThat(r.detail()).contains("storage limit");
        });
    }

    @Test
    void aCheaperTierForTheSameUsageIsSuggestedWithBothAmounts() {
        // 1000 executions on business cost its base fee, 199.00; on starter they are within the 10,000 free: 0.00
        List<TierRecommendation> recommendations = defaults().recommend(tenantOn(Tier.BUSINESS),
                Fixtures.november(Tier.BUSINESS, executions(1_000, NOV_1, DEC_1)));
        assertThat(recommendations).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo("cheaper");
            assertThat(r.current()).isEqualTo(Tier.BUSINESS);
            assertThat(r.suggested()).isEqualTo(Tier.STARTER);
            assertThat(r.currentCost().amount()).isEqualByComparingTo("199.00");
            assertThat(r.suggestedCost().amount()).isEqualByComparingTo("0.00");
        });
    }

    @Test
    void aCheaperTierWhoseLimitsTheUsageWouldPassIsNotSuggested() {
        // 95,000 executions: starter would be cheapest but advertises 100,000 a month, and 95% is past 80%
        List<TierRecommendation> recommendations = defaults().recommend(tenantOn(Tier.BUSINESS),
                Fixtures.november(Tier.BUSINESS, executions(95_000, NOV_1, DEC_1)));
        assertThat(recommendations).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo("cheaper");
            assertThat(r.suggested()).isEqualTo(Tier.PROFESSIONAL);
        });
    }

    @Test
    void moderateUsageOnTheCheapestFittingTierGetsNoRecommendation() {
        assertThat(defaults().recommend(tenantOn(Tier.STARTER),
                Fixtures.november(Tier.STARTER, executions(5_000, NOV_1, DEC_1)))).isEmpty();
    }

    @Test
    void recommendingForAnotherTenantsRequestIsRefused() {
        TenantConfig other = SampleTenants.tenant("someone-else", NOV_1);
        assertThatThrownBy(() -> defaults().recommend(other,
                Fixtures.november(Tier.PROFESSIONAL, executions(1, NOV_1, DEC_1))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
