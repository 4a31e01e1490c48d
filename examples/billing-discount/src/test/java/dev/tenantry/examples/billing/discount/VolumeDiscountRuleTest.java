package dev.tenantry.examples.billing.discount;

import dev.tenantry.spi.ConfigurationException;
import dev.tenantry.spi.PluginConfig;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.billing.BillingRule;
import dev.tenantry.spi.billing.InvoiceDraft;
import dev.tenantry.spi.billing.LineItem;
import dev.tenantry.spi.billing.Money;
import dev.tenantry.spi.metering.UsageSummary;
import dev.tenantry.testkit.TestingProviderContext;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VolumeDiscountRuleTest {
    private static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-12-01T00:00:00Z");
    private static final Currency USD = Currency.getInstance("USD");
    private static final TenantId ACME = TenantId.of("acme");
    private static final TenantId GLOBEX = TenantId.of("globex");

    private static BillingRule rule(Map<String, String> config) {
        return new VolumeDiscountRuleProvider().create(
                TestingProviderContext.of(PluginConfig.of("billing.rules[0]", config), Path.of(".")));
    }

    private static InvoiceDraft draft(TenantId tenant, String amount) {
        return new InvoiceDraft(tenant, FROM, TO, USD,
                List.of(LineItem.fixed("base_fee", "base fee", new Money(new BigDecimal(amount), USD))));
    }

    private static UsageSummary executions(TenantId tenant, long n) {
        return new UsageSummary(tenant, FROM, TO, n, 0, 0, BigDecimal.ZERO, 0, 0, BigDecimal.ZERO);
    }

    @Test
    void takesThePercentOffTheCustomersSubtotalFromTheThreshold() {
        BillingRule rule = rule(Map.of("tenant", "acme", "min-executions", "1000", "percent", "10"));

        InvoiceDraft after = rule.apply(draft(ACME, "199.99"), executions(ACME, 1000));

        assertThat(after.lines()).hasSize(2);
        LineItem discount = after.lines().get(1);
        assertThat(discount.code()).isEqualTo("volume_discount");
        assertThat(discount.amount()).isEqualTo(new Money(new BigDecimal("-20.00"), USD));
        assertThat(after.subtotal()).isEqualTo(new Money(new BigDecimal("179.99"), USD));
    }

    @Test
    void leavesTheCustomersInvoiceUnchangedBelowTheThreshold() {
        BillingRule rule = rule(Map.of("tenant", "acme", "min-executions", "1000", "percent", "10"));
        InvoiceDraft draft = draft(ACME, "199.99");

        assertThat(rule.apply(draft, executions(ACME, 999))).isEqualTo(draft);
    }

    @Test
    void leavesEveryOtherTenantsInvoiceUnchanged() {
        BillingRule rule = rule(Map.of("tenant", "acme", "min-executions", "0", "percent", "50"));
        InvoiceDraft draft = draft(GLOBEX, "100.00");

        assertThat(rule.apply(draft, executions(GLOBEX, 1_000_000))).isEqualTo(draft);
    }

    @Test
    void requiresTheTenantWithItsPath() {
        assertThatThrownBy(() -> rule(Map.of("percent", "10")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("billing.rules[0].tenant");
    }

    @Test
    void rejectsAPercentAboveAHundredWithItsPath() {
        assertThatThrownBy(() -> rule(Map.of("tenant", "acme", "percent", "120")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("billing.rules[0].percent");
    }

    @Test
    void bindsTheDefaults() {
        assertThat(VolumeDiscountSettings.bind(PluginConfig.of("billing.rules[0]", Map.of("tenant", "acme"))))
                .isEqualTo(new VolumeDiscountSettings(ACME, 100_000, BigDecimal.TEN));
    }
}
