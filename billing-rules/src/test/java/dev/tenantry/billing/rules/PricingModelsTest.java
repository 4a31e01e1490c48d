package dev.tenantry.billing.rules;

import dev.tenantry.spi.billing.Invoice;
import dev.tenantry.spi.billing.LineItem;
import dev.tenantry.spi.billing.TierCharge;
import dev.tenantry.spi.tenant.Tier;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Optional;

import static dev.tenantry.billing.rules.Fixtures.DEC_1;
import static dev.tenantry.billing.rules.Fixtures.NOV_1;
import static dev.tenantry.billing.rules.Fixtures.amount;
import static dev.tenantry.billing.rules.Fixtures.executions;
import static dev.tenantry.billing.rules.Fixtures.invoiceNovember;
import static dev.tenantry.billing.rules.Fixtures.line;
import static org.assertj.core.api.Assertions.assertThat;

/** Worked examples of every pricing model, each total computed by hand in the comments. */
class PricingModelsTest {

    private static String tiered(String model) {
        return """
                plans:
                  professional:
                    currency: USD
                    meters:
                      executions:
                        model: %s
                        tiers:
                          - upTo: 1000
                            unitPrice: 0.01
                          - upTo: 10000
                            unitPrice: 0.008
                          - unitPrice: 0.005
                """.formatted(model);
    }

    @Test
    void graduatedPricesEachTiersShareOfTheUnitsAtThatTiersPrice() {
        // 1000 x 0.01 = 10.00, then 1500 x 0.008 = 12.00: 22.00
        Invoice invoice = invoiceNovember(tiered("graduated"), Tier.PROFESSIONAL, executions(2_500, NOV_1, DEC_1));
        LineItem line = line(invoice, "executions");
        assertThat(line.amount().amount()).isEqualByComparingTo("22.00");
        assertThat(line.unitPrice()).isEmpty();
        assertThat(line.tiers()).extracting(TierCharge::quantity).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(amount("1000"), amount("1500"));
        assertThat(line.tiers().get(1).from()).isEqualByComparingTo("1000");
        assertThat(line.tiers().get(1).upTo()).contains(amount("10000"));
        assertThat(invoice.total().amount()).isEqualByComparingTo("22.00");
    }

    @Test
    void volumePricesAllUnitsAtTheTierTheTotalFallsIn() {
        // 2500 falls in the second tier: 2500 x 0.008 = 20.00, not graduated's 22.00
        Invoice invoice = invoiceNovember(tiered("volume"), Tier.PROFESSIONAL, executions(2_500, NOV_1, DEC_1));
        LineItem line = line(invoice, "executions");
        assertThat(line.amount().amount()).isEqualByComparingTo("20.00");
        assertThat(line.tiers()).singleElement().satisfies(t -> {
            assertThat(t.quantity()).isEqualByComparingTo("2500");
            assertThat(t.unitPrice()).isEqualByComparingTo("0.008");
        });
    }

    @Test
    void graduatedAndVolumeDifferAboveTheLastBoundary() {
        // graduated: 1000 x 0.01 + 9000 x 0.008 + 2000 x 0.005 = 10 + 72 + 10 = 92.00
        // volume: 12000 x 0.005 = 60.00
        assertThat(invoiceNovember(tiered("graduated"), Tier.PROFESSIONAL, executions(12_000, NOV_1, DEC_1))
                .total().amount()).isEqualByComparingTo("92.00");
        assertThat(invoiceNovember(tiered("volume"), Tier.PROFESSIONAL, executions(12_000, NOV_1, DEC_1))
                .total().amount()).isEqualByComparingTo("60.00");
    }

    @Test
    void aTiersFlatFeeIsChargedOnceWhenAnyUnitReachesIt() {
        String yaml = """
                plans:
                  professional:
                    currency: USD
                    meters:
                      executions:
                        model: graduated
                        tiers:
                          - upTo: 100
                            unitPrice: 0
                            flatFee: 5
                          - unitPrice: 0.10
                            flatFee: 2.50
                """;
        // 100 units: first tier only, 5.00; 101 units: 5.00 + 1 x 0.10 + 2.50 = 7.60; no units: nothing
        assertThat(invoiceNovember(yaml, Tier.PROFESSIONAL, executions(100, NOV_1, DEC_1)).total().amount())
                .isEqualByComparingTo("5.00");
        assertThat(invoiceNovember(yaml, Tier.PROFESSIONAL, executions(101, NOV_1, DEC_1)).total().amount())
                .isEqualByComparingTo("7.60");
        assertThat(invoiceNovember(yaml, Tier.PROFESSIONAL, executions(0, NOV_1, DEC_1)).total().amount())
                .isEqualByComparingTo("0.00");
    }

    @Test
    void perUnitChargesOnlyTheUnitsBeyondTheFreeAllowance() {
        String yaml = """
                plans:
                  professional:
                    currency: USD
                    meters:
                      executions:
                        model: per_unit
                        freeUnits: 1000
                        unitPrice: 0.002
                """;
        // 2500 - 1000 free = 1500 x 0.002 = 3.00
        LineItem line = line(invoiceNovember(yaml, Tier.PROFESSIONAL, executions(2_500, NOV_1, DEC_1)), "executions");
        assertThat(line.quantity()).isEqualByComparingTo("2500");
        assertThat(line.freeUnits()).isEqualByComparingTo("1000");
        assertThat(line.unitPrice()).contains(amount("0.002"));
        assertThat(line.amount().amount()).isEqualByComparingTo("3.00");
        // 400 used, all of them free
        LineItem light = line(invoiceNovember(yaml, Tier.PROFESSIONAL, executions(400, NOV_1, DEC_1)), "executions");
        assertThat(light.freeUnits()).isEqualByComparingTo("400");
        assertThat(light.amount().amount()).isEqualByComparingTo("0.00");
    }

    @Test
    void packagesAreCountedPerStartedPackageAfterTheAllowance() {
        String yaml = """
                plans:
                  professional:
                    currency: USD
                    meters:
                      api_calls:
                        model: package
                        freeUnits: 500
                        packageSize: 1000
                        packagePrice: 0.50
                """;
        // 2501 - 500 = 2001 units: 3 packages x 0.50 = 1.50; 2500 - 500 = 2000: 2 packages = 1.00
        assertThat(line(invoiceNovember(yaml, Tier.PROFESSIONAL, apiCalls(2_501)), "api_calls").amount().amount())
                .isEqualByComparingTo("1.50");
        assertThat(line(invoiceNovember(yaml, Tier.PROFESSIONAL, apiCalls(2_500)), "api_calls").amount().amount())
                .isEqualByComparingTo("1.00");
        assertThat(line(invoiceNovember(yaml, Tier.PROFESSIONAL, apiCalls(500)), "api_calls").amount().amount())
                .isEqualByComparingTo("0.00");
    }

    @Test
    void theMinimumChargeTopsUpASmallInvoice() {
        String yaml = """
                plans:
                  professional:
                    currency: USD
                    minimumCharge: 5.00
                    meters:
                      executions:
                        model: per_unit
                        unitPrice: 0.01
                """;
        // 100 x 0.01 = 1.00, topped up by 4.00 to the minimum of 5.00
        Invoice invoice = invoiceNovember(yaml, Tier.PROFESSIONAL, executions(100, NOV_1, DEC_1));
        assertThat(invoice.subtotal().amount()).isEqualByComparingTo("1.00");
        assertThat(invoice.minimumTopUp().amount()).isEqualByComparingTo("4.00");
        assertThat(invoice.total().amount()).isEqualByComparingTo("5.00");
        // 1000 x 0.01 = 10.00 is above the minimum: no top-up
        assertThat(invoiceNovember(yaml, Tier.PROFESSIONAL, executions(1_000, NOV_1, DEC_1)).minimumTopUp().amount())
                .isEqualByComparingTo("0.00");
    }

    @Test
    void percentageDiscountsAddUpAndApplyToTheSubtotalBeforeTheMinimum() {
        String yaml = """
                plans:
                  professional:
                    currency: USD
                    baseFee: 100
                    minimumCharge: 90
                    discounts:
                      - name: annual
                        percent: 10
                      - name: nonprofit
                        percent: 5
                """;
        // 100.00 base fee, 15% = 15.00 off: 85.00, topped up by 5.00 to the minimum of 90.00
        Invoice invoice = invoiceNovember(yaml, Tier.PROFESSIONAL, executions(0, NOV_1, DEC_1));
        assertThat(invoice.subtotal().amount()).isEqualByComparingTo("100.00");
        assertThat(invoice.discounts().amount()).isEqualByComparingTo("15.00");
        assertThat(invoice.minimumTopUp().amount()).isEqualByComparingTo("5.00");
        assertThat(invoice.total().amount()).isEqualByComparingTo("90.00");
    }

    @Test
    void eachLineIsRoundedHalfEvenToCents() {
        String yaml = """
                plans:
                  professional:
                    currency: USD
                    meters:
                      executions:
                        model: per_unit
                        unitPrice: 0.0001
                """;
        // 250 x 0.0001 = 0.025: half-even gives 0.02 (half-up would give 0.03); 350 x 0.0001 = 0.035 gives 0.04
        assertThat(invoiceNovember(yaml, Tier.PROFESSIONAL, executions(250, NOV_1, DEC_1)).total().amount())
                .isEqualByComparingTo("0.02");
        assertThat(invoiceNovember(yaml, Tier.PROFESSIONAL, executions(350, NOV_1, DEC_1)).total().amount())
                .isEqualByComparingTo("0.04");
    }

    @Test
    void aCurrencyWithoutMinorUnitsRoundsToWholeUnits() {
        String yaml = """
                plans:
                  professional:
                    currency: JPY
                    baseFee: 3000
                    meters:
                      executions:
                        model: per_unit
                        unitPrice: 0.015
                """;
        // 3000 + 1100 x 0.015 = 16.5, half-even to 16: 3016 yen
        Invoice invoice = invoiceNovember(yaml, Tier.PROFESSIONAL, executions(1_100, NOV_1, DEC_1));
        assertThat(invoice.total().amount()).isEqualTo(new BigDecimal("3016"));
        assertThat(line(invoice, "executions").amount().amount()).isEqualTo(new BigDecimal("16"));
    }

    @Test
    void cpuTimeIsBilledInExactMilliseconds() {
        String yaml = """
                plans:
                  professional:
                    currency: USD
                    meters:
                      cpu_ms:
                        model: per_unit
                        unitPrice: 0.01
                """;
        // 1_234_567_890 ns = 1234.56789 ms x 0.01 = 12.3456789, rounded 12.35
        var usage = new dev.tenantry.spi.metering.UsageSummary(Fixtures.TENANT, NOV_1, DEC_1, 1, 1_234_567_890L, 0,
                BigDecimal.ZERO, 0, 0, BigDecimal.ZERO);
        LineItem line = line(invoiceNovember(yaml, Tier.PROFESSIONAL, usage), "cpu_ms");
        assertThat(line.quantity()).isEqualByComparingTo("1234.56789");
        assertThat(line.amount().amount()).isEqualByComparingTo("12.35");
        assertThat(line.unitPrice()).isEqualTo(Optional.of(new BigDecimal("0.01")));
    }

    private static dev.tenantry.spi.metering.UsageSummary apiCalls(long calls) {
        return new dev.tenantry.spi.metering.UsageSummary(Fixtures.TENANT, NOV_1, DEC_1, 0, 0, 0, BigDecimal.ZERO,
                calls, 0, BigDecimal.ZERO);
    }
}
