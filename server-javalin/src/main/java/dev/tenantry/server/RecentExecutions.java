package dev.tenantry.server;

import dev.tenantry.spi.TenantId;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The recent executions of each tenant, so that {@code GET /v1/executions/{id}} can answer: per tenant at
 * most {@code perTenant} entries, each kept for {@code retention} after it was stored, the oldest dropped
 * first. Lookups are by tenant and id, so one tenant can never read another's entry. Thread-safe.
 */
public final class RecentExecutions {
    private final Clock clock;
    private final Duration retention;
    private final int perTenant;
    private final Map<TenantId, Map<String, Stored>> byTenant = new ConcurrentHashMap<>();

    private record Stored(Instant at, String json) {
    }

    /**
     * @param clock the clock retention is measured on
     * @param retention how long an entry is kept
     * @param perTenant how many entries a tenant keeps at most
     */
    public RecentExecutions(Clock clock, Duration retention, int perTenant) {
        this.clock = clock;
        this.retention = retention;
        this.perTenant = perTenant;
    }

    /** Stores (or replaces) the JSON document of execution {@code id} of {@code tenant}. */
    public void put(TenantId tenant, String id, String json) {
        Map<String, Stored> entries = byTenant.computeIfAbsent(tenant, t -> new LinkedHashMap<>());
        synchronized (entries) {
            entries.remove(id);
            entries.put(id, new Stored(clock.instant(), json));
            evict(entries);
        }
    }

    /** {@return the JSON document of execution {@code id} of {@code tenant}}, if it is still kept */
    public Optional<String> get(TenantId tenant, String id) {
        Map<String, Stored> entries = byTenant.get(tenant);
        if (entries == null) {
            return Optional.empty();
        }
        synchronized (entries) {
            evict(entries);
            return Optional.ofNullable(entries.get(id)).map(Stored::json);
        }
    }

    /** {@return the documents of {@code tenant}'s kept executions, newest first} */
    public List<String> list(TenantId tenant, int limit) {
        Map<String, Stored> entries = byTenant.get(tenant);
        if (entries == null) {
            return List.of();
        }
        synchronized (entries) {
            evict(entries);
            List<String> out = new ArrayList<>();
            entries.values().forEach(s -> out.add(s.json()));
            java.util.Collections.reverse(out);
            return out.subList(0, Math.min(limit, out.size()));
        }
    }

    /** Forgets every execution of {@code tenant}, as when it is deleted. */
    public void forget(TenantId tenant) {
        byTenant.remove(tenant);
    }

    private void evict(Map<String, Stored> entries) {
        Instant oldest = clock.instant().minus(retention);
        Iterator<Stored> it = entries.values().iterator();
        while (it.hasNext()) {
            Stored s = it.next();
            if (entries.size() > perTenant || s.at().isBefore(oldest)) {
                it.remove();
            } else {
                break;
            }
        }
    }
}
