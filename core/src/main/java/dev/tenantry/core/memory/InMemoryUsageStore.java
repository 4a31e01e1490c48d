package dev.tenantry.core.memory;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.metering.Granularity;
import dev.tenantry.spi.metering.MeteringUnavailableException;
import dev.tenantry.spi.metering.UsageEvent;
import dev.tenantry.spi.metering.UsageKind;
import dev.tenantry.spi.metering.UsageStore;
import dev.tenantry.spi.metering.UsageSummary;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A {@link UsageStore} in memory. Events are kept whole, by tenant and time, so that any half-open period
 * (aligned to buckets or not) is summed exactly; an event id seen before is ignored, which makes recording
 * idempotent. "Durable" here means "visible to every later query"; nothing survives a restart. Thread-safe.
 */
public final class InMemoryUsageStore implements UsageStore {
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
