package dev.tenantry.core.memory;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.metering.Granularity;
import dev.tenantry.spi.metering.MeteringUnavailableException;
import dev.tenantry.spi.metering.UsageArchive;
import dev.tenantry.spi.metering.UsageEvent;
import dev.tenantry.spi.metering.UsageHistory;
import dev.tenantry.spi.metering.UsageKind;
import dev.tenantry.spi.metering.UsageStore;
import dev.tenantry.spi.metering.UsageSummary;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A {@link UsageStore} in memory. Events are kept whole, by tenant and time, so that any half-open period
 * (aligned to buckets or not) is summed exactly; an event id seen before is ignored, which makes recording
 * idempotent. "Durable" here means "visible to every later query"; nothing survives a restart. Thread-safe.
 *
 * <p>Its {@link UsageHistory} exports every event (none is ever dropped) with the rollups they add up to, and
 * restores an archive only if its rollups are exactly what its events add up to: rollups without events
 * behind them (from a store that keeps events for a limited time) cannot be held here.
 */
public final class InMemoryUsageStore implements UsageStore, UsageHistory {
    /** Events by tenant, then by (time, event id): the key orders events and keeps ids unique per instant. */
    private final ConcurrentSkipListMap<TenantId, ConcurrentSkipListMap<String, UsageEvent>> events =
            new ConcurrentSkipListMap<>();
    private final Map<String, Boolean> seen = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean closed;

    @Override
    public CompletableFuture<Void> record(UsageEvent event) {
        Objects.requireNonNull(event, "event");
        if (closed) {
            return CompletableFuture.failedFuture(new MeteringUnavailableException("the usage store is closed", null));
        }
        if (seen.putIfAbsent(event.eventId(), Boolean.TRUE) == null) {
            events.computeIfAbsent(event.tenant(), t -> new ConcurrentSkipListMap<>()).put(key(event), event);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public UsageSummary summarize(TenantId tenant, Instant from, Instant to) {
        checkPeriod(from, to);
        UsageSummary sum = UsageSummary.empty(tenant, from, to);
        for (UsageEvent e : between(tenant, from, to)) {
            sum = add(sum, e);
        }
        return sum;
    }

    @Override
    public List<UsageSummary> usage(TenantId tenant, Granularity granularity, Instant from, Instant to) {
        checkPeriod(from, to);
        Objects.requireNonNull(granularity, "granularity");
        TreeMap<Instant, UsageSummary> buckets = new TreeMap<>();
        for (UsageEvent e : between(tenant, from, to)) {
            Instant start = granularity.bucketStart(e.occurredAt());
            Instant bucketFrom = start.isBefore(from) ? from : start;
            Instant next = granularity.next(start);
            Instant bucketTo = next.isAfter(to) ? to : next;
            buckets.merge(start, add(UsageSummary.empty(tenant, bucketFrom, bucketTo), e), UsageSummary::plus);
        }
        return List.copyOf(buckets.values());
    }

    @Override
    public List<UsageSummary> summarizeAll(Instant from, Instant to) {
        checkPeriod(from, to);
        List<UsageSummary> all = new ArrayList<>();
        for (TenantId tenant : events.keySet()) {
            List<UsageEvent> in = between(tenant, from, to);
            if (!in.isEmpty()) {
                UsageSummary sum = UsageSummary.empty(tenant, from, to);
                for (UsageEvent e : in) {
                    sum = add(sum, e);
                }
                all.add(sum);
            }
        }
        return all;
    }

    @Override
    public Optional<UsageHistory> history() {
        return Optional.of(this);
    }

    @Override
    public UsageArchive read(TenantId tenant) {
        Objects.requireNonNull(tenant, "tenant");
        ConcurrentSkipListMap<String, UsageEvent> of = events.get(tenant);
        List<UsageEvent> all = of == null ? List.of() : List.copyOf(of.values());
        return new UsageArchive(tenant, all, rollup(tenant, all, Granularity.HOUR), rollup(tenant, all, Granularity.DAY));
    }

    @Override
    public synchronized void restore(UsageArchive archive) {
        Objects.requireNonNull(archive, "archive");
        if (closed) {
            throw new MeteringUnavailableException("the usage store is closed", null);
        }
        TenantId tenant = archive.tenant();
        if (events.containsKey(tenant) && !events.get(tenant).isEmpty()) {
            throw new IllegalStateException("the usage store already holds usage of tenant " + tenant);
        }
        if (!sameUsage(rollup(tenant, archive.events(), Granularity.HOUR), archive.hourly())
                || !sameUsage(rollup(tenant, archive.events(), Granularity.DAY), archive.daily())) {
            throw new IllegalArgumentException("the archive's rollups are not what its events add up to (a store that"
                    + " keeps events for a limited time exported it); the in-memory usage store keeps events only");
        }
        for (UsageEvent e : archive.events()) {
            if (seen.containsKey(e.eventId())) {
                throw new IllegalArgumentException("usage event " + e.eventId() + " already exists in this store");
            }
        }
        archive.events().forEach(this::record);
    }

    private static List<UsageSummary> rollup(TenantId tenant, List<UsageEvent> of, Granularity granularity) {
        TreeMap<Instant, UsageSummary> buckets = new TreeMap<>();
        for (UsageEvent e : of) {
            Instant start = granularity.bucketStart(e.occurredAt());
            buckets.merge(start, add(UsageSummary.empty(tenant, start, granularity.next(start)), e), UsageSummary::plus);
        }
        return List.copyOf(buckets.values());
    }

    /** Equal usage, decimals compared by value: 0.5 and 0.500 are the same quantity. */
    private static boolean sameUsage(List<UsageSummary> a, List<UsageSummary> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            UsageSummary x = a.get(i);
            UsageSummary y = b.get(i);
            boolean same = x.from().equals(y.from()) && x.to().equals(y.to()) && x.executions() == y.executions()
                    && x.cpuNanos() == y.cpuNanos() && x.wallNanos() == y.wallNanos()
                    && x.memoryMbSeconds().compareTo(y.memoryMbSeconds()) == 0 && x.apiCalls() == y.apiCalls()
                    && x.allocatedBytes() == y.allocatedBytes()
                    && x.storageByteHours().compareTo(y.storageByteHours()) == 0;
            if (!same) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean available() {
        return !closed;
    }

    @Override
    public void close() {
        closed = true;
    }

    private List<UsageEvent> between(TenantId tenant, Instant from, Instant to) {
        Objects.requireNonNull(tenant, "tenant");
        ConcurrentSkipListMap<String, UsageEvent> of = events.get(tenant);
        if (of == null) {
            return List.of();
        }
        // Keys start with the zero-padded epoch nanos, so a range of keys is a range of time.
        return List.copyOf(of.subMap(timeKey(from), true, timeKey(to), false).values());
    }

    private static UsageSummary add(UsageSummary sum, UsageEvent e) {
        boolean execution = e.kind() == UsageKind.EXECUTION;
        return sum.plus(new UsageSummary(sum.tenant(), sum.from(), sum.to(), execution ? 1 : 0, e.usage().cpuNanos(),
                e.usage().wallNanos(), e.usage().memoryMbSeconds(), e.usage().apiCalls(), e.usage().allocatedBytes(),
                e.storageByteHours() == null ? BigDecimal.ZERO : e.storageByteHours()));
    }

    private static String key(UsageEvent e) {
        return timeKey(e.occurredAt()) + "|" + e.eventId();
    }

    private static String timeKey(Instant t) {
        // Offset so that instants before 1970 sort correctly as unsigned text.
        long seconds = t.getEpochSecond() + 100_000_000_000L;
        return String.format("%013d%09d", seconds, t.getNano());
    }

    private static void checkPeriod(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to must not be before from");
        }
    }
}
