package dev.tenantry.billing.rules;

import dev.tenantry.spi.billing.Invoice;
import dev.tenantry.spi.metering.UsageSummary;
import dev.tenantry.spi.tenant.Tier;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static dev.tenantry.billing.rules.Fixtures.DEC_1;
import static dev.tenantry.billing.rules.Fixtures.NOV_1;
import static dev.tenantry.billing.rules.Fixtures.TENANT;
import static dev.tenantry.billing.rules.Fixtures.line;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The classic {@code executions * pricePerExecution + cpuTime * pricePerCPUMs + memorySeconds * pricePerMBSecond}
 * as the example plan file {@code seed-formula-plan.yaml}, against figures computed by hand.
 */
class SeedFormulaPlanTest {
    private final RulesBillingEngine engine = new RulesBillingEngine(PlanCatalog.resource("seed-formula-plan.yaml"),
            dev.tenantry.spi.billing.BillingRules.none(), 0.8);

    @Test
    void reproducesTheFormulaLineByLineRoundedHalfEvenToCents() {
        // 12,345 executions x 0.0001 = 1.2345 -> 1.23
        // 6,789,000 ms CPU x 0.00002 = 135.78
        // 1,234,567 MiB-s x 0.0000005 = 0.6172835 -> 0.62
        // total 1.23 + 135.78 + 0.62 = 137.63 (the unrounded formula gives 137.6317835)
        UsageSummary usage = new UsageSummary(TENANT, NOV_1, DEC_1, 12_345, 6_789_000_000_000L, 42_000_000_000_000L,
                new BigDecimal("1234567"), 77, 123_456_789, new BigDecimal("99999999"));
        Invoice invoice = engine.invoice(Fixtures.november(Tier.PROFESSIONAL, usage));
        assertThat(invoice.lines()).extracting(l -> l.code())
                .containsExactly("executions", "cpu_ms", "memory_mb_seconds");
        assertThat(line(invoice, "executions").amount().amount()).isEqualByComparingTo("1.23");
        assertThat(line(invoice, "cpu_ms").amount().amount()).isEqualByComparingTo("135.78");
        assertThat(line(invoice, "memory_mb_seconds").amount().amount()).isEqualByComparingTo("0.62");
        assertThat(invoice.discounts().amount()).isEqualByComparingTo("0");
        assertThat(invoice.minimumTopUp().amount()).isEqualByComparingTo("0");
        assertThat(invoice.total().amount()).isEqualByComparingTo("137.63");
    }

    @Test
    void agreesWithTheFormulaToTheCentOnRoundFigures() {
        // 1,000,000 x 0.0001 + 2,000,000 x 0.00002 + 10,000,000 x 0.0000005 = 100 + 40 + 5 = 145.00
        UsageSummary usage = new UsageSummary(TENANT, NOV_1, DEC_1, 1_000_000, 2_000_000_000_000L, 0,
                new BigDecimal("10000000"), 0, 0, BigDecimal.ZERO);
        assertThat(engine.invoice(Fixtures.november(Tier.PROFESSIONAL, usage)).total().amount())
                .isEqualTo(new BigDecimal("145.00"));
    }
}
