package dev.tenantry.core.admission;

import dev.tenantry.spi.tenant.StorageUsage;
import dev.tenantry.spi.tenant.TenantLimits;

import java.util.Objects;
import java.util.Optional;

/**
 * One rule of the {@link DynamicLimitPolicy}: when a tenant's usage of a storage limit is above (or below) a
 * fraction of it, multiply the limit by a factor, never past a bound. The seed's rule is
 * {@link #seedStorageGrowth()}: storage above 80% of its limit raises the limit by half.
 *
 * @param dimension which limit the rule watches and changes
 * @param direction whether the rule fires when usage is above or below the fraction
 * @param fraction the fraction of the limit, in (0, 1]
 * @param factor what the limit is multiplied by: above 1 raises, below 1 lowers; positive, not 1
 * @param bound the highest limit a raising rule may set, or the lowest a lowering rule may set
 */
public record LimitRule(Dimension dimension, Direction direction, double fraction, double factor, long bound) {

    /** A limit a rule can change. */
    public enum Dimension {
        /** {@code storage.maxBytes}. */
        STORAGE_BYTES("storage.maxBytes"),
        /** {@code storage.maxObjects}. */
        STORAGE_OBJECTS("storage.maxObjects");

        private final String path;

        Dimension(String path) {
            this.path = path;
        }

        /** {@return the limit's path, as named in {@code limit_changed} events} */
        public String path() {
            return path;
        }

        long limit(TenantLimits limits) {
            return this == STORAGE_BYTES ? limits.storage().maxBytes() : limits.storage().maxObjects();
        }

        long usage(StorageUsage usage) {
            return this == STORAGE_BYTES ? usage.bytes() : usage.objects();
        }

        TenantLimits with(TenantLimits limits, long value) {
            TenantLimits.StorageLimit s = limits.storage();
            return limits.withStorage(this == STORAGE_BYTES
                    ? new TenantLimits.StorageLimit(value, s.maxObjects(), s.maxObjectBytes())
                    : new TenantLimits.StorageLimit(s.maxBytes(), value, s.maxObjectBytes()));
        }
    }

    /** When a rule fires. */
    public enum Direction {
        /** When usage is above the fraction of the limit. */
        ABOVE,
        /** When usage is below the fraction of the limit. */
        BELOW
    }

    /** Validates the values: a rule that fires above must raise, one that fires below must lower. */
    public LimitRule {
        Objects.requireNonNull(dimension, "dimension");
        Objects.requireNonNull(direction, "direction");
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1], was " + fraction);
        }
        if (!(factor > 0) || factor == 1) {
            throw new IllegalArgumentException("factor must be positive and not 1, was " + factor);
        }
        if (direction == Direction.ABOVE && factor < 1 || direction == Direction.BELOW && factor > 1) {
            throw new IllegalArgumentException("a rule firing " + direction.name().toLowerCase(java.util.Locale.ROOT)
                    + " its fraction must " + (direction == Direction.ABOVE ? "raise" : "lower")
                    + " the limit, but the factor is " + factor);
        }
        if (bound < 0) {
            throw new IllegalArgumentException("bound must not be negative, was " + bound);
        }
    }

    /** {@return the seed's rule: storage bytes above 80% of the limit raise it by 50%, without bound} */
    public static LimitRule seedStorageGrowth() {
        return new LimitRule(Dimension.STORAGE_BYTES, Direction.ABOVE, 0.8, 1.5, Long.MAX_VALUE);
    }

    /**
     * {@return the new value of the limit, if this rule changes it}. A lowering rule never sets a limit below
     * what the tenant already uses, so it cannot turn existing data into a violation.
     */
    Optional<Long> apply(long limit, long usage) {
        if (direction == Direction.ABOVE) {
            if (usage <= fraction * limit || limit >= bound) {
                return Optional.empty();
            }
            double raised = Math.ceil(limit * factor);
            long value = raised >= bound ? bound : Math.max(limit + 1, (long) raised);
            return Optional.of(value);
        }
        if (usage >= fraction * limit || limit <= bound) {
            return Optional.empty();
        }
        long value = Math.max(Math.max(bound, usage), (long) Math.floor(limit * factor));
        return value < limit ? Optional.of(value) : Optional.empty();
    }

    /** {@return why the rule fired, for the event} */
    String reason() {
        return dimension.path() + " usage " + (direction == Direction.ABOVE ? "above " : "below ")
                + Math.round(fraction * 100) + "% of its limit";
    }
}
