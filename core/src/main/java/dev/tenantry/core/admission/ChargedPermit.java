package dev.tenantry.core.admission;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.quota.CounterKey;
import dev.tenantry.spi.quota.Permit;
import dev.tenantry.spi.quota.QuotaStateStore;
import io.github.bucket4j.Bucket;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** What one admission charged: a token from each bucket it consumed from, and one count in each window. */
final class ChargedPermit implements Permit {
    private final TenantId tenant;
    private final String operation;
    private final List<Bucket> buckets;
    private final List<CounterKey> counters;
    private final QuotaStateStore store;
    private final AtomicBoolean refunded = new AtomicBoolean();

    ChargedPermit(TenantId tenant, String operation, List<Bucket> buckets, List<CounterKey> counters,
                  QuotaStateStore store) {
        this.tenant = tenant;
        this.operation = operation;
        this.buckets = List.copyOf(buckets);
        this.counters = List.copyOf(counters);
        this.store = store;
    }

    @Override
    public TenantId tenant() {
        return tenant;
    }

    @Override
    public String operation() {
        return operation;
    }

    @Override
    public void refund() {
        if (refunded.compareAndSet(false, true)) {
            // addTokens never fills a bucket past its capacity, so a late refund cannot mint tokens
            buckets.forEach(b -> b.addTokens(1));
            if (!counters.isEmpty()) {
                store.decrement(counters, 1);
            }
        }
    }

    @Override
    public String toString() {
        return "Permit[" + tenant + ", " + operation + "]";
    }
}
