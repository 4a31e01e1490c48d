package dev.tenantry.billing.rules;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.billing.UsageReader;
import dev.tenantry.spi.metering.UsageSummary;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Reads each range once, so an estimate does not query the usage store twice for the same span. One per call. */
final class MemoizingUsageReader implements UsageReader {
    private record Key(TenantId tenant, Instant from, Instant to) {
    }

    private final UsageReader delegate;
    private final Map<Key, UsageSummary> read = new HashMap<>();

    MemoizingUsageReader(UsageReader delegate) {
        this.delegate = delegate;
    }

    @Override
    public synchronized UsageSummary usage(TenantId tenant, Instant from, Instant to) {
        return read.computeIfAbsent(new Key(tenant, from, to), k -> delegate.usage(tenant, from, to));
    }
}
