package dev.tenantry.billing.rules;

import dev.tenantry.spi.billing.Invoice;
import dev.tenantry.spi.billing.InvoiceRequest;
import dev.tenantry.spi.billing.LineItem;
import dev.tenantry.spi.billing.TierSpan;
import dev.tenantry.spi.tenant.Tier;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static dev.tenantry.billing.rules.Fixtures.DEC_1;
import static dev.tenantry.billing.rules.Fixtures.NOV_1;
import static dev.tenantry.billing.rules.Fixtures.NOV_16;
import static dev.tenantry.billing.rules.Fixtures.TENANT;
import static dev.tenantry.billing.rules.Fixtures.executions;
import static org.assertj.core.api.Assertions.assertThat;

/** A tier change within a period: each span on its own plan with its own usage, fees and allowances by time. */
class ProrationTest {
    private static final String PLANS = """
            plans:
              starter:
                currency: USD
                baseFee: 10
                minimumCharge: 40
                meters:
                  executions:
                    model: per_unit
                    freeUnits: 1000
                    unitPrice: 0.01
              professional:
                currency: USD
                baseFee: 30
                discounts:
                  - name: launch
                    percent: 10
                meters:
                  executions:
                    model: per_unit
                    freeUnits: 3000
                    unitPrice: 0.005
            """;

    @Test
    void aTierChangeMidMonthPricesEachHalfOnItsOwnPlanWithItsOwnUsage() {
        // starter for 15 of 30 days: base 10 x 0.5 = 5.00; 2000 used, 1000 x 0.5 = 500 free: 1500 x 0.01 = 15.00
        // professional for the rest: base 30 x 0.5 = 15.00; 4000 used, 1500 free: 2500 x 0.005 = 12.50
        InvoiceRequest request = new InvoiceRequest(TENANT, NOV_1, DEC_1,
                List.of(new TierSpan(Tier.STARTER, NOV_1, NOV_16), new TierSpan(Tier.PROFESSIONAL, NOV_16, DEC_1)),
                (tenant, from, to) -> executions(from.equals(NOV_1) ? 2_000 : 4_000, from, to));
        Invoice invoice = Fixtures.engine(PLANS).invoice(request);

        assertThat(invoice.lines()).extracting(LineItem::code)
                .containsExactly("base_fee", "executions", "base_fee", "executions");
        assertThat(invoice.lines()).extracting(l -> l.amount().amount().toPlainString())
                .containsExactly("5.00", "15.00", "15.00", "12.50");
        assertThat(invoice.lines().get(1).freeUnits()).isEqualByComparingTo("500");
        assertThat(invoice.lines().get(3).freeUnits()).isEqualByComparingTo("1500");
        assertThat(invoice.lines().get(0).description()).contains("starter");
        assertThat(invoice.lines().get(2).description()).contains("professional");
        // subtotal 47.50; discount: professional's 10% for half the period = 5% of 47.50 = 2.375 -> 2.38
        assertThat(invoice.subtotal().amount()).isEqualByComparingTo("47.50");
        assertThat(invoice.discounts().amount()).isEqualByComparingTo("2.38");
        // minimum: starter's 40 for half a month = 20.00, below 45.12: no top-up
        assertThat(invoice.minimumTopUp().amount()).isEqualByComparingTo("0.00");
        assertThat(invoice.total().amount()).isEqualByComparingTo("45.12");
    }

    @Test
    void theMinimumIsProratedLikeTheBaseFee() {
        // starter alone for the first half of November, no usage: base 5.00, minimum 40 x 0.5 = 20.00
        InvoiceRequest request = new InvoiceRequest(TENANT, NOV_1, NOV_16,
                List.of(new TierSpan(Tier.STARTER, NOV_1, NOV_16)), (tenant, from, to) -> executions(0, from, to));
        Invoice invoice = Fixtures.engine(PLANS).invoice(request);
        assertThat(invoice.minimumTopUp().amount()).isEqualByComparingTo("15.00");
        assertThat(invoice.total().amount()).isEqualByComparingTo("20.00");
    }

    @Test
    void aWholeCalendarMonthIsExactlyOneMonthWhateverItsLength() {
        assertThat(Proration.monthShare(NOV_1, DEC_1)).isEqualByComparingTo("1");
        assertThat(Proration.monthShare(Instant.parse("2027-02-01T00:00:00Z"), Instant.parse("2027-03-01T00:00:00Z")))
                .isEqualByComparingTo("1");
        assertThat(Proration.monthShare(NOV_1, NOV_16)).isEqualByComparingTo("0.5");
    }

    @Test
    void aSpanAcrossTwoMonthsPaysEachMonthForItsShare() {
        // 15 of November's 30 days and 15 of December's 31: 0.5 + 0.483870967742
        assertThat(Proration.monthShare(NOV_16, Instant.parse("2026-12-16T00:00:00Z")))
                .isEqualByComparingTo("0.983870967742");
        // a base fee of 31.00 for 10 of December's 31 days is 10.00
        String plans = "plans:\n  starter:\n    currency: USD\n    baseFee: 31\n";
        Instant dec11 = Instant.parse("2026-12-11T00:00:00Z");
        Invoice invoice = Fixtures.engine(plans).invoice(new InvoiceRequest(TENANT, DEC_1, dec11,
                List.of(new TierSpan(Tier.STARTER, DEC_1, dec11)), (tenant, from, to) -> executions(0, from, to)));
        assertThat(invoice.total().amount()).isEqualTo(new BigDecimal("10.00"));
    }
}
