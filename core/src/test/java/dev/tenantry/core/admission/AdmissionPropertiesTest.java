package dev.tenantry.core.admission;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.event.EventSink;
import dev.tenantry.spi.quota.AdmissionDecision;
import dev.tenantry.spi.tenant.TenantConfig;
import dev.tenantry.spi.tenant.TenantLimits;
import dev.tenantry.testkit.SampleTenants;
import dev.tenantry.testkit.quota.ManualClock;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Admission invariants under random arrival patterns. A token bucket of {@code perMinute + burst} tokens that
 * refills {@code perMinute} a minute admits at most {@code perMinute + burst + perMinute * T / 1 min} requests
 * in any interval of length {@code T}: the burst on top of the sustained rate, never more. Daily windows
 * admit at most the daily limit.
 */
class AdmissionPropertiesTest {
    private static final Instant T0 = Instant.parse("2026-11-23T22:00:00Z");

    private static TenantConfig tenant(long perMinute, long burst, long daily) {
        TenantLimits base = SampleTenants.limits();
        TenantLimits.RequestLimits r = base.requests();
        return SampleTenants.tenant("acme", T0).withLimits(base
                .withRate(new TenantLimits.RateLimit(perMinute, burst, Map.of()))
                .withRequests(new TenantLimits.RequestLimits(daily, Long.MAX_VALUE, r.maxConcurrent(), r.maxQueued(),
                        r.queueTimeout())), T0);
    }

    private static List<Instant> admittedTimes(TenantConfig tenant, List<Integer> gapsMillis, List<Integer> refunds) {
        ManualClock clock = new ManualClock(T0);
        List<Instant> admitted = new ArrayList<>();
        try (StandardQuotaPolicy policy = new StandardQuotaPolicy(StandardQuotaSettings.defaults(),
                new MemoryQuotaStateStore(), EventSink.DISCARD, clock)) {
            for (int i = 0; i < gapsMillis.size(); i++) {
                clock.advance(Duration.ofMillis(gapsMillis.get(i)));
                if (policy.admit(tenant, "execute") instanceof AdmissionDecision.Admitted a) {
                    if (refunds.contains(i)) {
                        a.permit().refund();
                    } else {
                        admitted.add(clock.instant());
                    }
                }
            }
        }
        return admitted;
    }

    @Property(tries = 100)
    void admittedExecutionsInAnyIntervalNeverExceedTheRatePlusTheBurst(
            @ForAll @IntRange(min = 1, max = 120) int perMinute, @ForAll @IntRange(min = 0, max = 30) int burst,
            @ForAll @Size(min = 1, max = 400) List<@IntRange(min = 0, max = 3_000) Integer> gapsMillis,
            @ForAll @Size(max = 20) List<@IntRange(min = 0, max = 399) Integer> refunds) {
        List<Instant> admitted = admittedTimes(tenant(perMinute, burst, Long.MAX_VALUE), gapsMillis, refunds);

        for (int i = 0; i < admitted.size(); i++) {
            for (int j = i; j < admitted.size(); j++) {
                Duration span = Duration.between(admitted.get(i), admitted.get(j));
                long bound = perMinute + burst + perMinute * span.toNanos() / Duration.ofMinutes(1).toNanos();
                // refunded tokens may be spent again, one per refund
                assertThat((long) (j - i + 1)).isLessThanOrEqualTo(bound + refunds.size());
            }
        }
    }

    @Property(tries = 100)
    void admittedExecutionsInAUtcDayNeverExceedTheDailyLimit(
            @ForAll @IntRange(min = 1, max = 50) int daily,
            @ForAll @Size(min = 1, max = 300) List<@IntRange(min = 0, max = 60_000) Integer> gapsMillis) {
        List<Instant> admitted = admittedTimes(tenant(1_000_000, 0, daily), gapsMillis, List.of());

        Map<String, Integer> perDay = new HashMap<>();
        admitted.forEach(t -> perDay.merge(UtcWindows.dayLabel(t), 1, Integer::sum));
        assertThat(perDay.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(daily));
    }

    @Property(tries = 50)
    void aTenantsAdmissionsNeverDependOnAnotherTenants(
            @ForAll @Size(min = 1, max = 200) List<@IntRange(min = 0, max = 2_000) Integer> gapsMillis) {
        TenantConfig alone = tenant(30, 5, 100);
        List<Instant> withoutNeighbour = admittedTimes(alone, gapsMillis, List.of());

        ManualClock clock = new ManualClock(T0);
        List<Instant> withNeighbour = new ArrayList<>();
        TenantConfig neighbour = new TenantConfig(TenantId.of("noisy"), "Noisy", alone.tier(), alone.priority(),
                alone.limits(), true, Map.of(), T0, T0);
        try (StandardQuotaPolicy policy = new StandardQuotaPolicy(StandardQuotaSettings.defaults(),
                new MemoryQuotaStateStore(), EventSink.DISCARD, clock)) {
            for (int gap : gapsMillis) {
                clock.advance(Duration.ofMillis(gap));
                for (int k = 0; k < 5; k++) {
                    policy.admit(neighbour, "execute");
                }
                if (policy.admit(alone, "execute") instanceof AdmissionDecision.Admitted) {
                    withNeighbour.add(clock.instant());
                }
            }
        }

        assertThat(withNeighbour).isEqualTo(withoutNeighbour);
    }
}
