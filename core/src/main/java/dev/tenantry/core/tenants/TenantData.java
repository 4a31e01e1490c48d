package dev.tenantry.core.tenants;

import dev.tenantry.core.admission.StorageThresholds;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.quota.LimitExceededException;
import dev.tenantry.spi.quota.LimitRejection;
import dev.tenantry.spi.quota.LimitType;
import dev.tenantry.spi.tenant.KvEntry;
import dev.tenantry.spi.tenant.StorageUsage;
import dev.tenantry.spi.tenant.TenantConfig;
import dev.tenantry.spi.tenant.TenantDataStore;
import dev.tenantry.spi.tenant.TenantNotFoundException;
import dev.tenantry.spi.tenant.TenantStore;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A tenant's key-value data from outside its scripts (the HTTP API), under the same rules as the guest's
 * {@code kv} calls: every call names one tenant and reaches only its entries, whatever the key holds; a
 * write is checked against the tenant's storage limits atomically by the store and then against its
 * storage thresholds; keys are 1 to 512 characters. A disabled tenant's data is kept but not served.
 * Thread-safe.
 */
public final class TenantData {
    /** The longest key, as the data store defines it. */
    public static final int MAX_KEY_LENGTH = 512;
    /** The most entries one list call returns. */
    public static final int MAX_PAGE = 1_000;

    private final TenantStore tenants;
    private final TenantDataStore store;
    private final StorageThresholds thresholds;

    /**
     * @param tenants where the tenant's limits are read
     * @param store the data
     * @param thresholds told the usage after each write
     */
    public TenantData(TenantStore tenants, TenantDataStore store, StorageThresholds thresholds) {
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.store = Objects.requireNonNull(store, "store");
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
    }

    /**
     * {@return the value (a JSON text) under {@code key}, if any}
     *
     * @throws TenantNotFoundException if the tenant does not exist
     * @throws LimitExceededException with {@code tenant_disabled} if the tenant is disabled
     * @throws IllegalArgumentException if the key is empty or too long
     */
    public Optional<String> get(TenantId tenant, String key) {
        enabled(tenant);
        return store.get(tenant, checkKey(key));
    }

    /**
     * Stores a JSON value under {@code key} within the tenant's storage limits.
     *
     * @return the tenant's storage usage after the write
     * @throws LimitExceededException with {@code object_size}, {@code storage_bytes} or {@code storage_objects}
     *     (nothing changed), or {@code tenant_disabled}
     * @throws TenantNotFoundException if the tenant does not exist
     * @throws IllegalArgumentException if the key is empty or too long
     */
    public StorageUsage put(TenantId tenant, String key, String valueJson) {
        TenantConfig config = enabled(tenant);
        StorageUsage usage = store.put(tenant, checkKey(key), Objects.requireNonNull(valueJson, "valueJson"),
                config.limits().storage());
        thresholds.check(config, usage);
        return usage;
    }

    /**
     * Removes {@code key}. {@return whether it existed}
     *
     * @throws TenantNotFoundException if the tenant does not exist
     * @throws LimitExceededException with {@code tenant_disabled} if the tenant is disabled
     */
    public boolean delete(TenantId tenant, String key) {
        enabled(tenant);
        return store.delete(tenant, checkKey(key));
    }

    /**
     * {@return up to {@code limit} entries whose key starts with {@code prefix}, after {@code after}, in key order}
     *
     * @throws IllegalArgumentException if {@code limit} is outside 1 to {@value #MAX_PAGE}
     */
    public List<KvEntry> list(TenantId tenant, String prefix, Optional<String> after, int limit) {
        enabled(tenant);
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_PAGE + ", was " + limit);
        }
        return store.list(tenant, Objects.requireNonNull(prefix, "prefix"), after, limit);
    }

    /** {@return how much the tenant's data holds now} */
    public StorageUsage usage(TenantId tenant) {
        enabled(tenant);
        return store.usage(tenant);
    }

    private TenantConfig enabled(TenantId id) {
        TenantConfig tenant = tenants.find(id).orElseThrow(() -> new TenantNotFoundException(id));
        if (!tenant.enabled()) {
            throw new LimitExceededException(new LimitRejection(id, LimitType.TENANT_DISABLED, 0, 0, Optional.empty(),
                    "tenant " + id + " is disabled"));
        }
        return tenant;
    }

    private static String checkKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("a key must be 1 to " + MAX_KEY_LENGTH + " characters, was "
                    + key.length());
        }
        return key;
    }
}
