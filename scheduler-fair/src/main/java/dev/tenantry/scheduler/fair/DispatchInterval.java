package dev.tenantry.scheduler.fair;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A moving average of the time between dispatches from one queue, so that a {@code queue_full} rejection can
 * say when a place is likely to free up. An exponentially weighted average (alpha 1/8, as TCP's RTT
 * estimator) follows changes in load within a few dispatches without keeping a history.
 */
final class DispatchInterval {
    private long lastNanos = Long.MIN_VALUE;
    private double averageNanos = -1;

    void record(Instant now) {
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        if (lastNanos != Long.MIN_VALUE) {
            long gap = Math.max(0, nanos - lastNanos);
            averageNanos = averageNanos < 0 ? gap : averageNanos + (gap - averageNanos) / 8.0;
        }
        lastNanos = nanos;
    }

    Optional<Duration> typical() {
        return averageNanos < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(Math.round(averageNanos)));
    }
}
