package dev.tenantry.core.admission;

import io.github.bucket4j.TimeMeter;

import java.time.Clock;
import java.time.Instant;

/**
 * Bucket4j's time source read from the platform clock, so that refills follow the injected {@link Clock}
 * (virtual time in tests, one clock for the whole platform in production).
 */
final class ClockTimeMeter implements TimeMeter {
    private final Clock clock;

    ClockTimeMeter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public long currentTimeNanos() {
        Instant now = clock.instant();
        return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
    }

    @Override
    public boolean isWallClockBased() {
        return true;
    }
}
