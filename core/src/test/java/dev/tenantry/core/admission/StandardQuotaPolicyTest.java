package dev.tenantry.core.admission;

import dev.tenantry.spi.event.EventSink;
import dev.tenantry.spi.quota.AdmissionDecision;
import dev.tenantry.spi.quota.CounterKey;
import dev.tenantry.spi.quota.LimitConsumption;
import dev.tenantry.spi.quota.LimitType;
import dev.tenantry.spi.tenant.TenantConfig;
import dev.tenantry.spi.tenant.TenantLimits;
import dev.tenantry.testkit.SampleTenants;
import dev.tenantry.testkit.quota.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StandardQuotaPolicyTest {
    private static final Instant T0 = Instant.parse("2026-11-30T23:00:00Z");

    private final ManualClock clock = new ManualClock(T0);
    private final MemoryQuotaStateStore store = new MemoryQuotaStateStore();
    private final StandardQuotaPolicy policy = new StandardQuotaPolicy(StandardQuotaSettings.defaults(), store,
            EventSink.DISCARD, clock);

    private static TenantConfig tenant(long perMinute, long burst) {
        TenantLimits limits = SampleTenants.limits().withRate(new TenantLimits.RateLimit(perMinute, burst, Map.of()));
        return SampleTenants.tenant("acme", T0).withLimits(limits, T0);
    }

    private long usedTokens(TenantConfig t) {
        return policy.consumption(t).stream().filter(c -> c.limitType() == LimitType.RATE_LIMIT)
                .mapToLong(LimitConsumption::used).sum();
    }

    @Test
    void changingATenantsRateKeepsTheTokensItHasLeftRatherThanRefillingTheBucket() {
        TenantConfig before = tenant(60, 10);
        for (int i = 0; i < 30; i++) {
            assertThat(policy.admit(before, "execute")).isInstanceOf(AdmissionDecision.Admitted.class);
        }

        TenantConfig after = tenant(120, 10);

        // 40 of 70 tokens were left; they stay 40 of the new 130
        assertThat(usedTokens(after)).isEqualTo(130 - 40);
        assertThat(policy.consumption(after)).filteredOn(c -> c.limitType() == LimitType.RATE_LIMIT).singleElement()
                .satisfies(c -> assertThat(c.limit()).isEqualTo(130));
    }

    @Test
    void purgingKeepsTheCurrentMonthAndDropsEarlierWindows() {
        TenantConfig t = tenant(60, 10);
        policy.admit(t, "execute");
        clock.advance(Duration.ofHours(2));
        policy.admit(t, "execute");

        long removed = policy.purgeExpiredWindows();

        // November's day and month counters go; December's stay
        assertThat(removed).isEqualTo(2);
        assertThat(store.get(new CounterKey(t.id(), StandardQuotaPolicy.DAILY, Instant.parse("2026-12-01T00:00:00Z"))))
                .isEqualTo(1);
        assertThat(store.get(new CounterKey(t.id(), StandardQuotaPolicy.MONTHLY, Instant.parse("2026-12-01T00:00:00Z"))))
                .isEqualTo(1);
    }
}
