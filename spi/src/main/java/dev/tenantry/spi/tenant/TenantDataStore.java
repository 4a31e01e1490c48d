package dev.tenantry.spi.tenant;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.quota.LimitExceededException;

import java.util.List;
import java.util.Optional;

/**
 * The per-tenant key-value storage that guest scripts reach through the {@code kv} host API.
 *
 * <p>Every operation names its tenant, and no operation can read or change another tenant's entries,
 * whatever the key string holds (keys are opaque: {@code "../b/x"} is just a key of this tenant). Storage
 * limits are enforced atomically on write: a write that would exceed a limit changes nothing.
 *
 * <p>Implementations are thread-safe. Keys are 1 to 512 characters; values are JSON texts. No method
 * returns null or accepts null.
 */
public interface TenantDataStore extends AutoCloseable {

    /** {@return the value stored under {@code key} for {@code tenant}, if any} */
    Optional<String> get(TenantId tenant, String key);

    /**
     * Stores {@code value} under {@code key}, replacing any previous value, if the tenant's data stays
     * within {@code limit} afterwards (sizes counted as UTF-8 bytes of key plus value).
     *
     * @return the tenant's storage usage after the write
     * @throws LimitExceededException with limit type {@code object_size}, {@code storage_bytes} or
     *     {@code storage_objects} if the write would exceed the limit; nothing is changed then
     * @throws IllegalArgumentException if the key is empty or longer than 512 characters
     */
    StorageUsage put(TenantId tenant, String key, String value, TenantLimits.StorageLimit limit);

    /**
     * Removes {@code key}.
     *
     * @return true if it existed
     */
    boolean delete(TenantId tenant, String key);

    /**
     * Lists entries whose key starts with {@code prefix}, in key order.
     *
     * @param after only keys sorting after this one; empty to start at the first
     * @param limit at most this many; at least 1
     */
    List<KvEntry> list(TenantId tenant, String prefix, Optional<String> after, int limit);

    /** {@return how much the tenant's data holds now} */
    StorageUsage usage(TenantId tenant);

    /**
     * Removes every entry of a tenant (when the tenant is deleted).
     *
     * @return how many entries were removed
     */
    long deleteAll(TenantId tenant);

    /** Releases what the store holds. Idempotent. */
    @Override
    void close();
}
