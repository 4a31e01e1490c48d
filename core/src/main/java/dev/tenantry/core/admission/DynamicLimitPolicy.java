package dev.tenantry.core.admission;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.event.EventSink;
import dev.tenantry.spi.event.PlatformEvent;
import dev.tenantry.spi.tenant.StorageUsage;
import dev.tenantry.spi.tenant.TenantConfig;
import dev.tenantry.spi.tenant.TenantDataStore;
import dev.tenantry.spi.tenant.TenantLimits;
import dev.tenantry.spi.tenant.TenantNotFoundException;
import dev.tenantry.spi.tenant.TenantStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Raises or lowers tenants' limits by rule (the seed's dynamic limit adjustment): for each tenant it reads the
 * storage the tenant uses, applies every {@link LimitRule} in order, stores the changed limits and publishes
 * one {@code limit_changed} event per changed limit with the old and the new value.
 *
 * <p>Optional: the platform runs it on a schedule of its choosing ({@link #adjustAll()}) or for one tenant
 * ({@link #adjust(TenantId)}). Each rule fires at most once per run, so a limit grows by one factor per run,
 * not until the usage falls under the fraction. Thread-safe as far as the stores are; two concurrent runs may
 * both raise a limit, so the platform runs one at a time.
 */
public final class DynamicLimitPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(DynamicLimitPolicy.class);
    private static final int PAGE = 200;

    private final TenantStore tenants;
    private final TenantDataStore data;
    private final EventSink events;
    private final Clock clock;
    private final List<LimitRule> rules;

    /**
     * @param tenants where tenants' limits are read and stored
     * @param data where tenants' storage usage is read
     * @param events where each change is published
     * @param clock the platform clock, for the change's time
     * @param rules the rules, applied in order; copied
     */
    public DynamicLimitPolicy(TenantStore tenants, TenantDataStore data, EventSink events, Clock clock,
                              List<LimitRule> rules) {
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.data = Objects.requireNonNull(data, "data");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.rules = List.copyOf(rules);
    }

    /** {@return the changes made to every tenant, in tenant order} */
    public List<PlatformEvent.LimitChanged> adjustAll() {
        List<PlatformEvent.LimitChanged> changes = new ArrayList<>();
        Optional<TenantId> after = Optional.empty();
        while (true) {
            List<TenantConfig> page = tenants.list(after, PAGE);
            for (TenantConfig tenant : page) {
                changes.addAll(adjust(tenant));
            }
            if (page.size() < PAGE) {
                return changes;
            }
            after = Optional.of(page.get(page.size() - 1).id());
        }
    }

    /**
     * {@return the changes made to one tenant}
     *
     * @throws TenantNotFoundException if the tenant does not exist
     */
    public List<PlatformEvent.LimitChanged> adjust(TenantId tenant) {
        return adjust(tenants.find(tenant).orElseThrow(() -> new TenantNotFoundException(tenant)));
    }

    private List<PlatformEvent.LimitChanged> adjust(TenantConfig tenant) {
        StorageUsage usage = data.usage(tenant.id());
        Instant now = clock.instant();
        TenantLimits limits = tenant.limits();
        List<PlatformEvent.LimitChanged> changes = new ArrayList<>();
        for (LimitRule rule : rules) {
            long old = rule.dimension().limit(limits);
            Optional<Long> changed = rule.apply(old, rule.dimension().usage(usage));
            if (changed.isPresent()) {
                limits = rule.dimension().with(limits, changed.get());
                changes.add(new PlatformEvent.LimitChanged(tenant.id(), now, rule.dimension().path(),
                        Long.toString(old), Long.toString(changed.get()), rule.reason()));
            }
        }
        if (changes.isEmpty()) {
            return changes;
        }
        tenants.update(tenant.withLimits(limits, now));
        for (PlatformEvent.LimitChanged change : changes) {
            LOG.info("tenant {}: {} changed from {} to {} ({})", change.tenant(), change.limit(), change.oldValue(),
                    change.newValue(), change.reason());
            events.publish(change);
        }
        return changes;
    }
}
