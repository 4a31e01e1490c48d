package dev.tenantry.spi.metering;

import dev.tenantry.spi.TenantId;

import java.util.List;
import java.util.Objects;

/**
 * One tenant's usage as a {@link UsageHistory} holds it, independent of how any store keeps it.
 *
 * @param tenant the tenant every event and rollup belongs to
 * @param events raw events, oldest first (by time, then event id); a store may keep them for a limited
 *     retention only, so they need not cover every rollup
 * @param hourly one summary per UTC hour with usage ({@code from} the hour's start, {@code to} the next
 *     hour's), oldest first
 * @param daily one summary per UTC day with usage, oldest first
 */
public record UsageArchive(TenantId tenant, List<UsageEvent> events, List<UsageSummary> hourly,
                           List<UsageSummary> daily) {
    /** Copies the lists and checks that every item belongs to {@code tenant}. */
    public UsageArchive {
        Objects.requireNonNull(tenant, "tenant");
        events = List.copyOf(events);
        hourly = List.copyOf(hourly);
        daily = List.copyOf(daily);
        for (UsageEvent e : events) {
            if (!e.tenant().equals(tenant)) {
                throw new IllegalArgumentException("event " + e.eventId() + " belongs to " + e.tenant()
                        + ", not to " + tenant);
            }
        }
        for (UsageSummary s : hourly) {
            requireTenant(tenant, s);
        }
        for (UsageSummary s : daily) {
            requireTenant(tenant, s);
        }
    }

    private static void requireTenant(TenantId tenant, UsageSummary s) {
        if (!s.tenant().equals(tenant)) {
            throw new IllegalArgumentException("a rollup from " + s.from() + " belongs to " + s.tenant()
                    + ", not to " + tenant);
        }
    }

    /** {@return whether there is no usage at all} */
    public boolean isEmpty() {
        return events.isEmpty() && hourly.isEmpty() && daily.isEmpty();
    }
}
