package dev.tenantry.spi.metering;

import dev.tenantry.spi.TenantId;

/**
 * An optional capability of a {@link UsageStore}, offered through {@link UsageStore#history()}: one tenant's
 * stored usage read whole and written whole, so that the tenant can move to another deployment (or another
 * kind of store) with its billing history intact.
 *
 * <p>What {@link #read} returns is exactly what the store holds, in the store-independent
 * {@link UsageArchive} form; {@link #restore} of that archive into an empty store of any kind that accepts it
 * makes {@link UsageStore#summarize}, {@link UsageStore#usage} and a later {@link #read} answer as the source
 * did. Thread-safe.
 */
public interface UsageHistory {

    /**
     * {@return every usage of {@code tenant} this store holds}: raw events (those still kept) and the hourly and
     * daily rollups, each oldest first (events by time, then id). Empty lists for a tenant without usage.
     */
    UsageArchive read(TenantId tenant);

    /**
     * Writes a tenant's archived usage into this store, all of it or nothing.
     *
     * @throws IllegalStateException if the store already holds usage of the archive's tenant (nothing is
     *     written)
     * @throws IllegalArgumentException if this store cannot hold the archive as it is (for example rollups
     *     that its events do not explain, in a store that keeps only events); the message says why, and
     *     nothing is written
     * @throws MeteringUnavailableException if the store cannot write now
     */
    void restore(UsageArchive archive);
}
