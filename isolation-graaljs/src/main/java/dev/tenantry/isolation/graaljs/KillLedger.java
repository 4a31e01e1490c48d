package dev.tenantry.isolation.graaljs;

import dev.tenantry.spi.TenantId;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts forced worker kills per tenant over a sliding window. A tenant at or above the threshold is
 * quarantined: its executions go to one quarantine worker, so its kills and restarts cannot take the shared
 * workers from everyone else. Reads the platform clock. Thread-safe.
 */
final class KillLedger {
    private final Clock clock;
    private final int threshold;
    private final Duration window;
    private final Map<TenantId, Deque<Instant>> kills = new HashMap<>();

    KillLedger(Clock clock, int threshold, Duration window) {
        this.clock = clock;
        this.threshold = threshold;
        this.window = window;
    }

    /** Records a kill; {@return whether this kill put the tenant into quarantine} */
    synchronized boolean recordKill(TenantId tenant) {
        boolean before = quarantinedLocked(tenant);
        kills.computeIfAbsent(tenant, t -> new ArrayDeque<>()).addLast(clock.instant());
        return !before && quarantinedLocked(tenant);
    }

    /** {@return whether the tenant is in quarantine now} */
    synchronized boolean quarantined(TenantId tenant) {
        return quarantinedLocked(tenant);
    }

    /** {@return the tenant's kills within the window} */
    synchronized int recentKills(TenantId tenant) {
        prune(tenant);
        Deque<Instant> d = kills.get(tenant);
        return d == null ? 0 : d.size();
    }

    private boolean quarantinedLocked(TenantId tenant) {
        prune(tenant);
        Deque<Instant> d = kills.get(tenant);
        return d != null && d.size() >= threshold;
    }

    private void prune(TenantId tenant) {
        Deque<Instant> d = kills.get(tenant);
        if (d == null) {
            return;
        }
        Instant horizon = clock.instant().minus(window);
        while (!d.isEmpty() && d.peekFirst().isBefore(horizon)) {
            d.removeFirst();
        }
        if (d.isEmpty()) {
            kills.remove(tenant);
        }
    }
}
