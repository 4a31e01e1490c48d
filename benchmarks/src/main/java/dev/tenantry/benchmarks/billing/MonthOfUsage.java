package dev.tenantry.benchmarks.billing;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.billing.TierSpan;
import dev.tenantry.spi.execution.ExecutionUsage;
import dev.tenantry.spi.metering.Granularity;
import dev.tenantry.spi.metering.UsageEvent;
import dev.tenantry.spi.metering.UsageStore;
import dev.tenantry.spi.metering.UsageSummary;
import dev.tenantry.spi.tenant.Tier;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * A deterministic month of usage for many tenants: tenant {@code i} is on tier {@code i % 4}, every tenth tenant
 * moves one tier up on the 16th, and each tenant's daily usage is drawn from a generator seeded by its number,
 * heavier on higher tiers, so that allowances, graduated and volume tiers and packages all come into play.
 */
final class MonthOfUsage {
    private static final Tier[] TIERS = {Tier.STARTER, Tier.PROFESSIONAL, Tier.BUSINESS, Tier.ENTERPRISE};
    private static final long[] DAILY_EXECUTIONS = {2_000, 30_000, 300_000, 3_000_000};

    private final int tenants;
    private final Instant from;
    private final Instant to;
    private final Instant change;

    MonthOfUsage(int tenants, Instant monthStart) {
        this.tenants = tenants;
        this.from = Granularity.MONTH.bucketStart(monthStart);
        this.to = Granularity.MONTH.next(from);
        this.change = from.plus(java.time.Duration.ofDays(15));
    }

    Instant from() {
        return from;
    }

    Instant to() {
        return to;
    }

    static TenantId tenant(int i) {
        return TenantId.of(String.format("tenant-%05d", i));
    }

    /** {@return the tier spans of tenant {@code i} over the month} */
    List<TierSpan> spans(int i) {
        Tier tier = TIERS[i % 4];
        if (i % 10 == 9 && tier != Tier.ENTERPRISE) {
            return List.of(new TierSpan(tier, from, change), new TierSpan(TIERS[i % 4 + 1], change, to));
        }
        return List.of(new TierSpan(tier, from, to));
    }

    /** Fills an in-memory store with one summary per tenant and day. */
    void fill(InMemoryUsageStore store) {
        for (int i = 0; i < tenants; i++) {
            SplittableRandom random = new SplittableRandom(i);
            long scale = DAILY_EXECUTIONS[i % 4];
            for (Instant day = from; day.isBefore(to); day = Granularity.DAY.next(day)) {
                long executions = scale / 2 + random.nextLong(scale);
                long cpuNanos = executions * (2_000_000 + random.nextLong(20_000_000));
                long wallNanos = cpuNanos + executions * random.nextLong(5_000_000);
                BigDecimal memory = BigDecimal.valueOf(wallNanos / 1_000_000).multiply(BigDecimal.valueOf(64))
                        .divide(BigDecimal.valueOf(1000));
                long apiCalls = executions * random.nextLong(4);
                BigDecimal storage = BigDecimal.valueOf(random.nextLong(1L << 20, 1L << 30)).multiply(BigDecimal.valueOf(24));
                store.put(new UsageSummary(tenant(i), day, Granularity.DAY.next(day), executions, cpuNanos, wallNanos,
                        memory, apiCalls, executions * 1_000_000, storage));
            }
        }
    }

    /**
     * Records {@code perTenantDay} execution events per tenant and day through a real store; idempotent by event
     * id, so seeding twice records the month once.
     */
    void record(UsageStore store, int perTenantDay) {
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (int i = 0; i < tenants; i++) {
            SplittableRandom random = new SplittableRandom(i);
            int d = 0;
            for (Instant day = from; day.isBefore(to); day = Granularity.DAY.next(day), d++) {
                for (int e = 0; e < perTenantDay; e++) {
                    long cpu = 1_000_000 + random.nextLong(50_000_000);
                    long wall = cpu + random.nextLong(10_000_000);
                    ExecutionUsage usage = new ExecutionUsage(cpu, wall, random.nextLong(1L << 24), random.nextLong(5),
                            0, ExecutionUsage.memoryMbSeconds(64L << 20, wall));
                    pending.add(store.record(UsageEvent.execution("bench-" + i + "-" + d + "-" + e, tenant(i),
                            day.plusSeconds(60L * e + 30), "execute", "succeeded", usage)));
                }
            }
            if (pending.size() >= 10_000) {
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
                pending.clear();
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
    }
}
