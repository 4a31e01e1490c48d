package dev.tenantry.benchmarks.billing;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.execution.ExecutionUsage;
import dev.tenantry.spi.metering.Granularity;
import dev.tenantry.spi.metering.Meter;
import dev.tenantry.spi.metering.TenantUsage;
import dev.tenantry.spi.metering.UsageEvent;
import dev.tenantry.spi.metering.UsageKind;
import dev.tenantry.spi.metering.UsageStore;
import dev.tenantry.spi.metering.UsageSummary;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * A usage store in memory that keeps one summary per tenant and UTC day, for benchmarking billing without a
 * database. Ranges must start and end on UTC days (invoice periods and mid-month tier changes in the benchmark
 * do); hourly usage is not kept. Thread-safe by locking; not durable.
 */
final class InMemoryUsageStore implements UsageStore {
    private final Map<TenantId, NavigableMap<Instant, UsageSummary>> days = new TreeMap<>();
    private final Set<String> recorded = new HashSet<>();

    /** Adds a day's summary directly, as a store's daily roll-up would hold it. */
    synchronized void put(UsageSummary day) {
        Instant start = Granularity.DAY.bucketStart(day.from());
        days.computeIfAbsent(day.tenant(), t -> new TreeMap<>()).merge(start, day, UsageSummary::plus);
    }

    @Override
    public synchronized CompletableFuture<Void> record(UsageEvent event) {
        if (recorded.add(event.eventId())) {
            Instant day = Granularity.DAY.bucketStart(event.occurredAt());
            ExecutionUsage u = event.usage();
            boolean execution = event.kind() == UsageKind.EXECUTION;
            put(new UsageSummary(event.tenant(), day, Granularity.DAY.next(day), execution ? 1 : 0, u.cpuNanos(),
                    u.wallNanos(), u.memoryMbSeconds(), u.apiCalls(), u.allocatedBytes(), event.storageByteHours()));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized UsageSummary summarize(TenantId tenant, Instant from, Instant to) {
        requireDays(from, to);
        UsageSummary sum = UsageSummary.empty(tenant, from, to);
        NavigableMap<Instant, UsageSummary> tenantDays = days.get(tenant);
        if (tenantDays != null) {
            for (UsageSummary day : tenantDays.subMap(from, true, to, false).values()) {
                sum = sum.plus(day);
            }
        }
        return new UsageSummary(tenant, from, to, sum.executions(), sum.cpuNanos(), sum.wallNanos(),
                sum.memoryMbSeconds(), sum.apiCalls(), sum.allocatedBytes(), sum.storageByteHours());
    }

    @Override
    public synchronized List<UsageSummary> usage(TenantId tenant, Granularity granularity, Instant from, Instant to) {
        if (granularity == Granularity.HOUR) {
            throw new UnsupportedOperationException("this store keeps daily usage only");
        }
        List<UsageSummary> buckets = new ArrayList<>();
        for (Instant start = granularity.bucketStart(from); start.isBefore(to); start = granularity.next(start)) {
            UsageSummary bucket = summarize(tenant, start, granularity.next(start));
            if (bucket.executions() > 0 || bucket.storageByteHours().signum() > 0) {
                buckets.add(bucket);
            }
        }
        return buckets;
    }

    @Override
    public synchronized List<TenantUsage> top(Meter meter, Instant from, Instant to, int limit) {
        return summarizeAll(from, to).stream()
                .map(s -> new TenantUsage(s.tenant(), s.quantity(meter)))
                .sorted(Comparator.comparing(TenantUsage::quantity).reversed().thenComparing(TenantUsage::tenant))
                .limit(limit).toList();
    }

    @Override
    public synchronized List<UsageSummary> summarizeAll(Instant from, Instant to) {
        List<UsageSummary> all = new ArrayList<>(days.size());
        for (TenantId tenant : days.keySet()) {
            UsageSummary s = summarize(tenant, from, to);
            if (s.executions() > 0 || s.storageByteHours().signum() > 0 || s.apiCalls() > 0) {
                all.add(s);
            }
        }
        return all;
    }

    @Override
    public void close() {
    }

    private static void requireDays(Instant from, Instant to) {
        if (!Granularity.DAY.bucketStart(from).equals(from) || !Granularity.DAY.bucketStart(to).equals(to)) {
            throw new IllegalArgumentException("this store answers whole UTC days only, not " + from + " to " + to);
        }
    }

}
