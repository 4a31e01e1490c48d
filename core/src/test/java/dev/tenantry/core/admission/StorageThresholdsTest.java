package dev.tenantry.core.admission;

import dev.tenantry.spi.event.PlatformEvent;
import dev.tenantry.spi.event.Severity;
import dev.tenantry.spi.quota.LimitType;
import dev.tenantry.spi.tenant.StorageUsage;
import dev.tenantry.spi.tenant.TenantConfig;
import dev.tenantry.spi.tenant.TenantLimits;
import dev.tenantry.testkit.SampleTenants;
import dev.tenantry.testkit.quota.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class StorageThresholdsTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private final ManualClock clock = new ManualClock(T0);
    private final List<PlatformEvent> events = new ArrayList<>();
    private final StorageThresholds thresholds = new StorageThresholds(new MemoryQuotaStateStore(), events::add, clock);

    private static TenantConfig tenant() {
        TenantLimits limits = SampleTenants.limits().withStorage(new TenantLimits.StorageLimit(1_000, 100, 500));
        return SampleTenants.tenant("acme", T0).withLimits(limits, T0);
    }

    @Test
    void publishesNothingBelowTheWarningFraction() {
        assertThat(thresholds.check(tenant(), new StorageUsage(849, 84))).isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void publishesWarningThenCriticalForBytesWithTheStorageWindow() {
        thresholds.check(tenant(), new StorageUsage(850, 1));
        thresholds.check(tenant(), new StorageUsage(960, 1));

        assertThat(events).map(PlatformEvent.ThresholdReached.class::cast)
                .extracting(PlatformEvent.ThresholdReached::severity, PlatformEvent.ThresholdReached::limitType,
                        PlatformEvent.ThresholdReached::current, PlatformEvent.ThresholdReached::window)
                .containsExactly(
                        tuple(Severity.WARNING, LimitType.STORAGE_BYTES, 850L, "storage"),
                        tuple(Severity.CRITICAL, LimitType.STORAGE_BYTES, 960L, "storage"));
    }

    @Test
    void publishesEachLevelOncePerMonth() {
        thresholds.check(tenant(), new StorageUsage(10, 99));
        thresholds.check(tenant(), new StorageUsage(10, 99));
        assertThat(events).hasSize(2);

        clock.advance(Duration.ofDays(8));
        thresholds.check(tenant(), new StorageUsage(10, 99));

        assertThat(events).hasSize(4);
    }
}
