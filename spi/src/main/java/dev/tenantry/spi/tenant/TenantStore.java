package dev.tenantry.spi.tenant;

import dev.tenantry.spi.TenantId;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Keeps tenant configurations, API key hashes and the history of tier changes.
 *
 * <p>Implementations are thread-safe; every method is atomic on its own. No method returns null or accepts
 * null. Secrets never reach a store: keys are stored as {@link ApiKey} hashes only.
 */
public interface TenantStore extends AutoCloseable {

    /**
     * Stores a new tenant.
     *
     * @return the stored configuration
     * @throws TenantAlreadyExistsException if a tenant with this id exists
     */
    TenantConfig create(TenantConfig tenant);

    /** {@return the tenant with this id, if it exists} */
    Optional<TenantConfig> find(TenantId id);

    /**
     * Replaces a tenant's configuration. If the tier changed, records a {@link TierChange} at
     * {@code tenant.updatedAt()} in the same atomic step.
     *
     * @return the stored configuration
     * @throws TenantNotFoundException if the tenant does not exist
     */
    TenantConfig update(TenantConfig tenant);

    /**
     * Deletes a tenant, its keys and its tier history.
     *
     * @return true if the tenant existed
     */
    boolean delete(TenantId id);

    /**
     * Lists tenants in id order, one page at a time.
     *
     * @param after list tenants whose id sorts after this one; empty to start at the first
     * @param limit at most this many; at least 1
     * @return the page, possibly empty
     */
    List<TenantConfig> list(Optional<TenantId> after, int limit);

    /** {@return the tier changes of a tenant, oldest first} */
    List<TierChange> tierChanges(TenantId tenant);

    /**
     * Stores a new API key.
     *
     * @throws TenantNotFoundException if the key's tenant does not exist
     * @throws IllegalArgumentException if a key with this id exists
     */
    void addKey(ApiKey key);

    /** {@return the key with this id, revoked or not, if it exists} */
    Optional<ApiKey> findKey(String keyId);

    /** {@return every key of a tenant, revoked or not, oldest first} */
    List<ApiKey> keys(TenantId tenant);

    /**
     * Revokes a key at {@code at}; revoking a revoked key changes nothing.
     *
     * @return true if an active key was revoked
     */
    boolean revokeKey(String keyId, Instant at);

    /** Releases what the store holds. Idempotent. */
    @Override
    void close();
}
