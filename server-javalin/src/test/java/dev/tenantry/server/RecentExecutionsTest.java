package dev.tenantry.server;

import dev.tenantry.spi.TenantId;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RecentExecutionsTest {
    @Test
    void aTenantNeverSeesAnotherTenantsExecution() {
        RecentExecutions recent = new RecentExecutions(Clock.systemUTC(), Duration.ofHours(1), 10);
        recent.put(TenantId.of("a"), "x1", "{}");
        assertThat(recent.get(TenantId.of("a"), "x1")).contains("{}");
        assertThat(recent.get(TenantId.of("b"), "x1")).isEmpty();
    }

    @Test
    void keepsAtMostTheConfiguredNumberPerTenantDroppingTheOldest() {
        RecentExecutions recent = new RecentExecutions(Clock.systemUTC(), Duration.ofHours(1), 2);
        recent.put(TenantId.of("a"), "1", "one");
        recent.put(TenantId.of("a"), "2", "two");
        recent.put(TenantId.of("a"), "3", "three");
        assertThat(recent.get(TenantId.of("a"), "1")).isEmpty();
        assertThat(recent.list(TenantId.of("a"), 10)).containsExactly("three", "two");
    }
}
