package dev.tenantry.spi.metering;

import dev.tenantry.spi.TenantId;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Records usage durably and answers aggregated usage.
 *
 * <p>Recording is idempotent by {@link UsageEvent#eventId()}: an event recorded twice counts once. The
 * future returned by {@link #record} completes only when the event is durable (committed), so that the
 * platform acknowledges an execution only after its usage is safe; it completes exceptionally with
 * {@link MeteringUnavailableException} if the event cannot be made durable.
 *
 * <p>Thread-safe. Periods are half-open, {@code [from, to)}. No method returns null.
 */
public interface UsageStore extends AutoCloseable {

    /**
     * Records an event.
     *
     * <p>A caller that stops waiting completes the returned future itself, exceptionally (the platform does so
     * when it withholds a result). The event then still counts at most once, and a store that has not begun
     * writing it should drop it, so that an execution whose result was withheld is not billed; recording the
     * same event again later counts it once.
     *
     * @return a future completed when the event is durable
     */
    CompletableFuture<Void> record(UsageEvent event);

    /** {@return the tenant's usage in {@code [from, to)}} */
    UsageSummary summarize(TenantId tenant, Instant from, Instant to);

    /**
     * {@return the tenant's usage in {@code [from, to)} per UTC bucket of {@code granularity}}, oldest first,
     * one summary per bucket that has usage.
     */
    List<UsageSummary> usage(TenantId tenant, Granularity granularity, Instant from, Instant to);

    /**
     * {@return the {@code limit} tenants with the largest quantity of {@code meter} in {@code [from, to)}}, largest
     * first, ties in tenant id order. The default ranks {@link #summarizeAll}; a store that can rank in its own
     * query language should override it.
     *
     * @throws IllegalArgumentException if {@code limit} is below 1
     */
    default List<TenantUsage> top(Meter meter, Instant from, Instant to, int limit) {
        java.util.Objects.requireNonNull(meter, "meter");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        return summarizeAll(from, to).stream()
                .map(s -> new TenantUsage(s.tenant(), s.quantity(meter)))
                .sorted(java.util.Comparator.comparing(TenantUsage::quantity).reversed()
                        .thenComparing(TenantUsage::tenant))
                .limit(limit)
                .toList();
    }

    /** {@return every tenant's usage in {@code [from, to)}, for tenants with any}, in tenant id order */
    List<UsageSummary> summarizeAll(Instant from, Instant to);

    /**
     * {@return false when the store knows it cannot record now} (its database is unreachable); the platform
     * then refuses executions with {@code metering_unavailable} before running them, instead of running them
     * unbilled. Must be cheap: it is asked on the path of every execution.
     */
    default boolean available() {
        return true;
    }

    /**
     * {@return this store's {@link UsageHistory}, if it can export and import one tenant's usage whole}; empty
     * by default. The platform's tenant export and import need it: without it they refuse with a message
     * that names the store.
     */
    default Optional<UsageHistory> history() {
        return Optional.empty();
    }

    /** Writes what is pending and releases what the store holds. Idempotent. */
    @Override
    void close();
}
