package dev.tenantry.core.admission;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.event.EventSink;
import dev.tenantry.spi.event.PlatformEvent;
import dev.tenantry.spi.event.Severity;
import dev.tenantry.spi.quota.CounterKey;
import dev.tenantry.spi.quota.CounterLimit;
import dev.tenantry.spi.quota.CounterUpdate;
import dev.tenantry.spi.quota.LimitType;
import dev.tenantry.spi.quota.QuotaStateStore;
import dev.tenantry.spi.tenant.StorageUsage;
import dev.tenantry.spi.tenant.TenantConfig;
import dev.tenantry.spi.tenant.TenantLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Warning and critical events for storage: after a write (the data store enforces the limit itself), the
 * platform passes the tenant's new {@link StorageUsage} here, and a {@code threshold_reached} event with window
 * {@code storage} is published when bytes or objects reach the warning or critical fraction of their limit.
 * Storage has no calendar window of its own, so each event is published at most once per tenant, limit, level
 * and UTC month; the marks are counters in the {@link QuotaStateStore}, shared across restarts and nodes.
 *
 * <p>Thread-safe.
 */
public final class StorageThresholds {
    private static final Logger LOG = LoggerFactory.getLogger(StorageThresholds.class);

    private final QuotaStateStore store;
    private final EventSink events;
    private final Clock clock;

    /**
     * @param store where the "already published" marks live
     * @param events where the events go
     * @param clock the platform clock
     */
    public StorageThresholds(QuotaStateStore store, EventSink events, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Publishes the threshold events {@code usage} reaches for the first time this month.
     *
     * @param tenant the tenant, with its limits
     * @param usage what the tenant's data holds now
     * @return the events published by this call, in order
     */
    public List<PlatformEvent.ThresholdReached> check(TenantConfig tenant, StorageUsage usage) {
        Instant now = clock.instant();
        TenantLimits.StorageLimit limit = tenant.limits().storage();
        TenantLimits.Thresholds thresholds = tenant.limits().thresholds();
        List<PlatformEvent.ThresholdReached> published = new ArrayList<>();
        check(tenant.id(), LimitType.STORAGE_BYTES, limit.maxBytes(), usage.bytes(), thresholds, now, published);
        check(tenant.id(), LimitType.STORAGE_OBJECTS, limit.maxObjects(), usage.objects(), thresholds, now, published);
        return List.copyOf(published);
    }

    private void check(TenantId id, LimitType type, long limit, long value, TenantLimits.Thresholds thresholds,
                       Instant now, List<PlatformEvent.ThresholdReached> published) {
        if (limit == 0 || limit == Long.MAX_VALUE) {
            return;
        }
        if (value >= thresholds.warningFraction() * limit) {
            once(id, Severity.WARNING, type, limit, value, now, published);
        }
        if (value >= thresholds.criticalFraction() * limit) {
            once(id, Severity.CRITICAL, type, limit, value, now, published);
        }
    }

    private void once(TenantId id, Severity severity, LimitType type, long limit, long value, Instant now,
                      List<PlatformEvent.ThresholdReached> published) {
        CounterKey mark = new CounterKey(id, "threshold." + type.wireName() + "." + severity.wireName(),
                UtcWindows.monthStart(now));
        if (store.tryIncrement(List.of(new CounterLimit(mark, 1)), 1) instanceof CounterUpdate.Applied) {
            LOG.info("tenant {} reached the {} threshold of its {} limit: {} of {}", id, severity.wireName(),
                    type.wireName(), value, limit);
            PlatformEvent.ThresholdReached event = new PlatformEvent.ThresholdReached(id, now, severity, type, limit,
                    value, "storage");
            events.publish(event);
            published.add(event);
        }
    }
}
