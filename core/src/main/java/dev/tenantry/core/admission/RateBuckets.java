package dev.tenantry.core.admission;

import dev.tenantry.spi.tenant.TenantLimits;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One tenant's token buckets: the tenant-wide one and one per limited operation type. Each holds
 * {@code perMinute + burst} tokens and refills {@code perMinute} tokens a minute, greedily (a token every
 * {@code 60 s / perMinute}), so that a rejection's retry-after is exact to the nanosecond rather than to a
 * refill period. A rate of {@link Long#MAX_VALUE} per minute means no limit and gets no bucket.
 *
 * <p>The buckets are thread-safe; the policy still takes this object's lock around one admission so that
 * checking several buckets and counters is all or nothing.
 */
final class RateBuckets {
    final TenantLimits.RateLimit rate;
    final Optional<Bucket> tenant;
    final Map<String, Bucket> operations;

    private RateBuckets(TenantLimits.RateLimit rate, Optional<Bucket> tenant, Map<String, Bucket> operations) {
        this.rate = rate;
        this.tenant = tenant;
        this.operations = operations;
    }

    static RateBuckets create(TenantLimits.RateLimit rate, TimeMeter meter) {
        Map<String, Bucket> operations = new HashMap<>();
        rate.perOperation().forEach((op, r) ->
                configuration(r.perMinute(), r.burst()).ifPresent(c -> operations.put(op, bucket(c, meter))));
        return new RateBuckets(rate, configuration(rate.perMinute(), rate.burst()).map(c -> bucket(c, meter)),
                Map.copyOf(operations));
    }

    /**
     * {@return buckets for a changed rate limit}: existing buckets keep the tokens they hold (up to the new
     * capacity), so that changing a limit neither refills a drained bucket nor drains a full one.
     */
    RateBuckets reconfigure(TenantLimits.RateLimit newRate, TimeMeter meter) {
        Optional<Bucket> newTenant = replace(tenant, newRate.perMinute(), newRate.burst(), meter);
        Map<String, Bucket> newOperations = new HashMap<>();
        newRate.perOperation().forEach((op, r) -> replace(Optional.ofNullable(operations.get(op)), r.perMinute(),
                r.burst(), meter).ifPresent(b -> newOperations.put(op, b)));
        return new RateBuckets(newRate, newTenant, Map.copyOf(newOperations));
    }

    private static Optional<Bucket> replace(Optional<Bucket> existing, long perMinute, long burst, TimeMeter meter) {
        Optional<Bandwidth> bandwidth = configuration(perMinute, burst);
        if (bandwidth.isEmpty()) {
            return Optional.empty();
        }
        if (existing.isPresent()) {
            existing.get().replaceConfiguration(BucketConfiguration.builder().addLimit(bandwidth.get()).build(),
                    TokensInheritanceStrategy.AS_IS);
            return existing;
        }
        return Optional.of(bucket(bandwidth.get(), meter));
    }

    private static Optional<Bandwidth> configuration(long perMinute, long burst) {
        if (perMinute == Long.MAX_VALUE || burst > Long.MAX_VALUE / 2 - perMinute) {
            return Optional.empty();
        }
        return Optional.of(Bandwidth.builder().capacity(perMinute + burst)
                .refillGreedy(perMinute, Duration.ofMinutes(1)).build());
    }

    private static Bucket bucket(Bandwidth bandwidth, TimeMeter meter) {
        return Bucket.builder().withCustomTimePrecision(meter).addLimit(bandwidth).build();
    }
}
