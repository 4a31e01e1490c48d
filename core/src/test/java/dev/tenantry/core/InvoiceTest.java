package dev.tenantry.core;

import dev.tenantry.core.config.BillingSettings;
import dev.tenantry.core.config.NamedPlugin;
import dev.tenantry.core.fixtures.BillingFixture;
import dev.tenantry.core.fixtures.FifoSchedulerFixture;
import dev.tenantry.core.fixtures.Fixtures;
import dev.tenantry.core.fixtures.MutableClock;
import dev.tenantry.core.fixtures.QuotaFixture;
import dev.tenantry.core.fixtures.ScriptSandboxFixture;
import dev.tenantry.core.tenants.LimitOverrides;
import dev.tenantry.core.tenants.NewTenant;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.billing.Invoice;
import dev.tenantry.spi.billing.LineItem;
import dev.tenantry.spi.billing.TierSpan;
import dev.tenantry.spi.execution.ExecutionRequest;
import dev.tenantry.spi.tenant.TenantConfig;
import dev.tenantry.spi.tenant.Tier;
import dev.tenantry.spi.tenant.TierChange;
import dev.tenantry.testkit.SampleTenants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class InvoiceTest {
    private static final TenantId ACME = TenantId.of("acme");
    private static final Instant NOV_1 = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant NOV_15 = Instant.parse("2026-11-15T00:00:00Z");
    private static final Instant DEC_1 = Instant.parse("2026-12-01T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void invoicesAMonthWithOneTierSpanPerTierAndTheConfiguredRules() {
        MutableClock clock = new MutableClock(NOV_1);
        var config = Fixtures.config(dir).withBilling(new BillingSettings(Optional.empty(),
                List.of(new NamedPlugin("fixture-fee", "billing.rules[0]", Map.of("amount", "2.50"))), Map.of()));
        try (Platform p = Tenantry.builder().config(config).clock(clock)
                .providers(List.of(new ScriptSandboxFixture(), new FifoSchedulerFixture(), new QuotaFixture(),
                        new BillingFixture(), new BillingFixture.FeeRule())).build()) {
            p.tenants().create(NewTenant.of("acme", "ACME", Tier.STARTER));
            clock.set(Instant.parse("2026-11-10T12:00:00Z"));
            p.execute(ACME, ExecutionRequest.of("return 1"));
            clock.set(NOV_15);
            p.tenants().changeTier(ACME, Tier.BUSINESS, LimitOverrides.NONE);
            clock.set(Instant.parse("2026-11-20T12:00:00Z"));
            p.execute(ACME, ExecutionRequest.of("return 2"));
            p.execute(ACME, ExecutionRequest.of("return 3"));

            Invoice invoice = p.invoice(ACME, YearMonth.of(2026, 11));

            assertThat(invoice.from()).isEqualTo(NOV_1);
            assertThat(invoice.to()).isEqualTo(DEC_1);
            assertThat(invoice.lines()).extracting(LineItem::description, l -> l.quantity().intValue())
                    .containsExactly(tuple("executions (starter)", 1),
                            tuple("executions (business)", 2),
                            tuple("platform fee", 1));
            assertThat(invoice.total().amount()).isEqualByComparingTo("2.53");
        }
    }

    @Test
    void estimatesTheCurrentMonthFromItsStartToNowAgainstItsEnd() {
        MutableClock clock = new MutableClock(NOV_1);
        try (Platform p = Tenantry.builder().config(Fixtures.config(dir)).clock(clock)
                .providers(List.of(new ScriptSandboxFixture(), new FifoSchedulerFixture(), new QuotaFixture(),
                        new BillingFixture())).build()) {
            p.tenants().create(NewTenant.of("acme", "ACME", Tier.STARTER));
            clock.set(Instant.parse("2026-11-10T12:00:00Z"));
            p.execute(ACME, ExecutionRequest.of("return 1"));
            clock.set(Instant.parse("2026-11-10T13:00:00Z"));

            var estimate = p.estimate(ACME);

            assertThat(estimate.periodStart()).isEqualTo(NOV_1);
            assertThat(estimate.asOf()).isEqualTo(Instant.parse("2026-11-10T13:00:00Z"));
            assertThat(estimate.periodEnd()).isEqualTo(DEC_1);
            assertThat(estimate.soFar().amount()).isEqualByComparingTo("0.01");
        }
    }

    @Test
    void tierSpansCoverThePeriodWithTheTierInForceAtEachMoment() {
        TenantConfig now = SampleTenants.tenant("acme", NOV_1).withTier(Tier.ENTERPRISE, SampleTenants.limits(), DEC_1);
        List<TierChange> history = List.of(
                new TierChange(ACME, Tier.STARTER, Tier.PROFESSIONAL, Instant.parse("2026-10-20T00:00:00Z")),
                new TierChange(ACME, Tier.PROFESSIONAL, Tier.BUSINESS, NOV_15),
                new TierChange(ACME, Tier.BUSINESS, Tier.ENTERPRISE, Instant.parse("2026-12-05T00:00:00Z")));

        assertThat(DefaultPlatform.tierSpans(now, history, NOV_1, DEC_1)).containsExactly(
                new TierSpan(Tier.PROFESSIONAL, NOV_1, NOV_15),
                new TierSpan(Tier.BUSINESS, NOV_15, DEC_1));
    }

    @Test
    void aTenantThatNeverChangedTierHasOneSpan() {
        TenantConfig tenant = SampleTenants.tenant("acme", NOV_1);

        assertThat(DefaultPlatform.tierSpans(tenant, List.of(), NOV_1, DEC_1))
                .containsExactly(new TierSpan(Tier.PROFESSIONAL, NOV_1, DEC_1));
    }

    @Test
    void theTierBeforeTheFirstChangeInThePeriodIsThatChangesFromTier() {
        TenantConfig tenant = SampleTenants.tenant("acme", NOV_1).withTier(Tier.BUSINESS, SampleTenants.limits(), NOV_15);

        assertThat(DefaultPlatform.tierSpans(tenant, List.of(new TierChange(ACME, Tier.STARTER, Tier.BUSINESS, NOV_15)),
                NOV_1, DEC_1)).containsExactly(new TierSpan(Tier.STARTER, NOV_1, NOV_15), new TierSpan(Tier.BUSINESS, NOV_15, DEC_1));
    }
}
