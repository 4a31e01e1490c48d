package dev.tenantry.spi;

import dev.tenantry.spi.billing.InvoiceRequest;
import dev.tenantry.spi.billing.Money;
import dev.tenantry.spi.billing.TierSpan;
import dev.tenantry.spi.execution.ExecutionId;
import dev.tenantry.spi.execution.ExecutionUsage;
import dev.tenantry.spi.metering.Granularity;
import dev.tenantry.spi.metering.Meter;
import dev.tenantry.spi.metering.UsageSummary;
import dev.tenantry.spi.tenant.Priority;
import dev.tenantry.spi.tenant.TenantLimits;
import dev.tenantry.spi.tenant.Tier;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValuesTest {
    private static final Currency USD = Currency.getInstance("USD");
    private static final Currency JPY = Currency.getInstance("JPY");

    @Test
    void tenantIdsAreRestrictedToAUrlAndFileSafeForm() {
        assertThat(TenantId.of("acme_corp-2").value()).isEqualTo("acme_corp-2");
        for (String bad : List.of("", "Acme", "-acme", "a/b", "a b", "x".repeat(65), "tenant\n")) {
            assertThatThrownBy(() -> TenantId.of(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expected 1-64 characters");
        }
    }

    @Test
    void executionIdsAreTimeOrderedVersion7UuidsWithRandomBits() throws InterruptedException {
        long before = System.currentTimeMillis();
        ExecutionId first = ExecutionId.random();
        Thread.sleep(2);
        ExecutionId second = ExecutionId.random();
        UUID uuid = UUID.fromString(first.value());
        assertThat(uuid.version()).isEqualTo(7);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(uuid.getMostSignificantBits() >>> 16).isBetween(before, System.currentTimeMillis());
        // Ids of a later millisecond sort after, as bytes too (the form the metering database compares).
        assertThat(second.value()).isGreaterThan(first.value());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(ExecutionId.random().value());
        }
        assertThat(ids).hasSize(10_000);
    }

    @Test
    void moneyKeepsTheCurrencysMinorUnits() {
        assertThat(Money.rounded(new BigDecimal("1.005"), USD).amount()).isEqualByComparingTo("1.00");
        assertThat(Money.rounded(new BigDecimal("1.015"), USD).amount()).isEqualByComparingTo("1.02");
        assertThat(Money.rounded(new BigDecimal("12.5"), JPY).amount()).isEqualByComparingTo("12");
        assertThatThrownBy(() -> new Money(new BigDecimal("0.001"), USD)).hasMessageContaining("fraction digits");
        assertThatThrownBy(() -> Money.zero(USD).plus(Money.zero(JPY))).hasMessageContaining("USD and JPY");
    }

    @Test
    void memoryMbSecondsBillsWholeMillisecondsAtLeastOne() {
        // 128 MiB for 1.2 ms is billed as 2 ms: 128 * 0.002 = 0.256 MB-s
        assertThat(ExecutionUsage.memoryMbSeconds(128L << 20, 1_200_000)).isEqualByComparingTo("0.256");
        // nothing shorter than a millisecond is free
        assertThat(ExecutionUsage.memoryMbSeconds(64L << 20, 10)).isEqualByComparingTo("0.064");
        assertThat(ExecutionUsage.memoryMbSeconds(1L << 20, 1_000_000_000)).isEqualByComparingTo("1.000");
    }

    @Test
    void limitsNameTheFieldTheyRefuse() {
        assertThatThrownBy(() -> new TenantLimits.RequestLimits(0, 1, 1, 1, Duration.ofSeconds(1)))
                .hasMessage("requests.dailyExecutions must be at least 1, was 0");
        assertThatThrownBy(() -> new TenantLimits.Thresholds(0.9, 0.8, true))
                .hasMessageContaining("criticalFraction");
    }

    @Test
    void tiersPrioritiesAndMetersParseTheirWireNames() {
        assertThat(Tier.parse("Business")).isEqualTo(Tier.BUSINESS);
        assertThat(Priority.parse("critical").defaultWeight()).isEqualTo(8);
        assertThat(Meter.parse("memory_mb_seconds")).isEqualTo(Meter.MEMORY_MB_SECONDS);
        assertThatThrownBy(() -> Tier.parse("gold")).hasMessageContaining("starter, professional");
    }

    @Test
    void usageQuantitiesAreExact() {
        UsageSummary s = new UsageSummary(TenantId.of("a"), Instant.EPOCH, Instant.EPOCH.plusSeconds(1), 3, 1_234_567,
                0, new BigDecimal("0.5"), 2, 10, new BigDecimal(3L << 30));

        assertThat(s.quantity(Meter.CPU_MS)).isEqualByComparingTo("1.234567");
        assertThat(s.quantity(Meter.STORAGE_GB_HOURS)).isEqualByComparingTo("3");
        assertThat(s.plus(s).quantity(Meter.EXECUTIONS)).isEqualByComparingTo("6");
    }

    @Test
    void utcBucketsFollowTheCalendar() {
        Instant t = Instant.parse("2026-02-28T23:59:59Z");
        assertThat(Granularity.MONTH.bucketStart(t)).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
        assertThat(Granularity.MONTH.next(Instant.parse("2026-02-01T00:00:00Z")))
                .isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(Granularity.HOUR.bucketStart(t)).isEqualTo(Instant.parse("2026-02-28T23:00:00Z"));
    }

    @Test
    void anInvoiceRequestsTierSpansMustCoverItsPeriodExactly() {
        Instant a = Instant.parse("2026-11-01T00:00:00Z");
        Instant b = Instant.parse("2026-11-15T00:00:00Z");
        Instant c = Instant.parse("2026-12-01T00:00:00Z");
        TenantId t = TenantId.of("acme");

        assertThat(new InvoiceRequest(t, a, c, List.of(new TierSpan(Tier.STARTER, a, b),
                new TierSpan(Tier.BUSINESS, b, c)), (x, f, to) -> UsageSummary.empty(x, f, to)).tiers()).hasSize(2);
        assertThatThrownBy(() -> new InvoiceRequest(t, a, c, List.of(new TierSpan(Tier.STARTER, a, b)),
                (x, f, to) -> UsageSummary.empty(x, f, to))).hasMessageContaining("not at the period's end");
        assertThatThrownBy(() -> new InvoiceRequest(t, a, c, List.of(new TierSpan(Tier.STARTER, a, b),
                new TierSpan(Tier.BUSINESS, b.plusSeconds(1), c)), (x, f, to) -> UsageSummary.empty(x, f, to)))
                .hasMessageContaining("without gaps");
    }
}
