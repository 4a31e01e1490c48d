package dev.tenantry.isolation.graaljs;

import dev.tenantry.spi.TenantId;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class KillLedgerTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final KillLedger ledger = new KillLedger(clock, 3, Duration.ofMinutes(10));
    private final TenantId a = TenantId.of("a");

    @Test
    void tenantIsQuarantinedAtTheThirdKillWithinTheWindowAndOnlyThen() {
        assertThat(ledger.recordKill(a)).isFalse();
        assertThat(ledger.recordKill(a)).isFalse();
        assertThat(ledger.quarantined(a)).isFalse();
        assertThat(ledger.recordKill(a)).isTrue();
        assertThat(ledger.quarantined(a)).isTrue();
        assertThat(ledger.recordKill(a)).as("reported once, when it starts").isFalse();
        assertThat(ledger.quarantined(TenantId.of("b"))).isFalse();
    }

    @Test
    void quarantineEndsWhenKillsLeaveTheWindow() {
        ledger.recordKill(a);
        ledger.recordKill(a);
        ledger.recordKill(a);
        now.set(now.get().plus(Duration.ofMinutes(11)));
        assertThat(ledger.quarantined(a)).isFalse();
        assertThat(ledger.recentKills(a)).isZero();
    }
}
