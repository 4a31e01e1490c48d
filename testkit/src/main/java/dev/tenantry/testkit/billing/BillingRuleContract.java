package dev.tenantry.testkit.billing;

import dev.tenantry.spi.ConfigurationException;
import dev.tenantry.spi.PluginConfig;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.billing.BillingRule;
import dev.tenantry.spi.billing.BillingRuleProvider;
import dev.tenantry.spi.billing.InvoiceDraft;
import dev.tenantry.spi.billing.LineItem;
import dev.tenantry.spi.billing.Money;
import dev.tenantry.spi.metering.UsageSummary;
import dev.tenantry.testkit.TestingProviderContext;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link BillingRule} must do: carry its provider's stable name, give the same draft for the same
 * input, keep the draft's tenant, period and currency, leave the lines it found in place, handle an empty draft
 * and an empty usage, and reject an unknown configuration key with its path.
 *
 * <p>Extend it, return the provider from {@link #provider()} and a configuration under which the rule applies to
 * {@link #tenant()} from {@link #config()}; {@link #busyUsage()} is the usage the contract bills.
 */
public abstract class BillingRuleContract {
    /** Start of the contract's invoice period. */
    protected static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
    /** End of the contract's invoice period. */
    protected static final Instant TO = Instant.parse("2026-12-01T00:00:00Z");
    /** The contract's currency. */
    protected static final Currency USD = Currency.getInstance("USD");

    /** {@return the provider under test} */
    protected abstract BillingRuleProvider provider();

    /** {@return a valid configuration of the rule} */
    protected abstract Map<String, String> config();

    /** {@return the tenant the contract bills} */
    protected TenantId tenant() {
        return TenantId.of("tenant-a");
    }

    /** {@return a month of heavy usage of {@link #tenant()}} */
    protected UsageSummary busyUsage() {
        return new UsageSummary(tenant(), FROM, TO, 5_000_000, 9_000_000_000_000L, 12_000_000_000_000L,
                new BigDecimal("123456.5"), 250_000, 1L << 40, new BigDecimal("1000000"));
    }

    /** {@return a rule created with {@code config} at {@code billing.rules[0]}} */
    protected final BillingRule rule(Map<String, String> config) {
        return provider().create(new TestingProviderContext(PluginConfig.of("billing.rules[0]", config),
                Clock.fixed(FROM, ZoneOffset.UTC), 2, Path.of(".")));
    }

    private InvoiceDraft draft() {
        return new InvoiceDraft(tenant(), FROM, TO, USD, List.of(
                LineItem.fixed("base_fee", "base fee", new Money(new BigDecimal("49.00"), USD)),
                LineItem.fixed("cpu_ms", "CPU time", new Money(new BigDecimal("1234.56"), USD))));
    }

    @Test
    void ruleNameIsTheProvidersStableLowerCaseName() {
        try (BillingRule rule = rule(config())) {
            assertThat(provider().name()).matches("[a-z][a-z0-9-]*");
            assertThat(rule.name()).isEqualTo(provider().name());
        }
    }

    @Test
    void givesTheSameDraftForTheSameInput() {
        try (BillingRule rule = rule(config())) {
            assertThat(rule.apply(draft(), busyUsage())).isEqualTo(rule.apply(draft(), busyUsage()));
        }
    }

    @Test
    void keepsTheTenantPeriodCurrencyAndTheLinesItFound() {
        try (BillingRule rule = rule(config())) {
            InvoiceDraft before = draft();

            InvoiceDraft after = rule.apply(before, busyUsage());

            assertThat(after.tenant()).isEqualTo(before.tenant());
            assertThat(after.from()).isEqualTo(FROM);
            assertThat(after.to()).isEqualTo(TO);
            assertThat(after.currency()).isEqualTo(USD);
            assertThat(after.lines()).containsAll(before.lines());
        }
    }

    @Test
    void handlesAnEmptyDraftAndNoUsage() {
        try (BillingRule rule = rule(config())) {
            InvoiceDraft empty = new InvoiceDraft(tenant(), FROM, TO, USD, List.of());

            InvoiceDraft after = rule.apply(empty, UsageSummary.empty(tenant(), FROM, TO));

            assertThat(after.subtotal().isNegative()).as("nothing to discount from nothing").isFalse();
        }
    }

    @Test
    void rejectsAnUnknownConfigurationKeyWithItsPath() {
        Map<String, String> config = new HashMap<>(config());
        config.put("no-such-key", "1");

        assertThatThrownBy(() -> rule(config))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("billing.rules[0].no-such-key");
    }
}
