package dev.tenantry.billing.rules;

import dev.tenantry.spi.billing.Invoice;
import dev.tenantry.spi.billing.InvoiceJson;
import dev.tenantry.spi.billing.LineItem;
import dev.tenantry.spi.billing.Money;
import dev.tenantry.spi.billing.TierCharge;
import dev.tenantry.spi.tenant.Tier;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Optional;

import static dev.tenantry.billing.rules.Fixtures.DEC_1;
import static dev.tenantry.billing.rules.Fixtures.NOV_1;
import static dev.tenantry.billing.rules.Fixtures.TENANT;
import static dev.tenantry.billing.rules.Fixtures.executions;
import static org.assertj.core.api.Assertions.assertThat;

/** The canonical JSON form of invoices. */
class InvoiceJsonTest {
    private static final Currency USD = Currency.getInstance("USD");

    @Test
    void writesFixedKeysInOrderWithDecimalsAsPlainStrings() {
        LineItem tiered = new LineItem("cpu_ms", "CPU \"time\"\n", new BigDecimal("1500.000000"), BigDecimal.ZERO,
                Optional.empty(), List.of(new TierCharge(BigDecimal.ZERO, Optional.of(new BigDecimal("1E+3")),
                new BigDecimal("1000"), new BigDecimal("0.0010"), BigDecimal.ZERO, new BigDecimal("1.0000"))),
                new Money(new BigDecimal("1.5"), USD));
        Money amount = new Money(new BigDecimal("1.50"), USD);
        Invoice invoice = new Invoice(TENANT, NOV_1, DEC_1, USD, List.of(tiered), amount, Money.zero(USD),
                Money.zero(USD), amount);
        assertThat(InvoiceJson.write(invoice)).isEqualTo("{\"tenant\":\"acme\",\"from\":\"2026-11-01T00:00:00Z\","
                + "\"to\":\"2026-12-01T00:00:00Z\",\"currency\":\"USD\",\"lines\":[{\"code\":\"cpu_ms\","
                + "\"description\":\"CPU \\\"time\\\"\\n\",\"quantity\":\"1500\",\"freeUnits\":\"0\","
                + "\"unitPrice\":null,\"tiers\":[{\"from\":\"0\",\"upTo\":\"1000\",\"quantity\":\"1000\","
                + "\"unitPrice\":\"0.001\",\"flatFee\":\"0\",\"amount\":\"1\"}],\"amount\":\"1.50\"}],"
                + "\"subtotal\":\"1.50\",\"discounts\":\"0.00\",\"minimumTopUp\":\"0.00\",\"total\":\"1.50\"}");
    }

    @Test
    void twoEnginesWriteTheSameInvoiceByteForByte() {
        Invoice first = new RulesBillingEngine(PlanCatalog.defaults(), dev.tenantry.spi.billing.BillingRules.none(),
                0.8).invoice(Fixtures.november(Tier.ENTERPRISE, executions(123_456_789, NOV_1, DEC_1)));
        Invoice second = new RulesBillingEngine(PlanCatalog.defaults(), dev.tenantry.spi.billing.BillingRules.none(),
                0.8).invoice(Fixtures.november(Tier.ENTERPRISE, executions(123_456_789, NOV_1, DEC_1)));
        assertThat(InvoiceJson.write(second).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(InvoiceJson.write(first).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
