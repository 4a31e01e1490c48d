package dev.tenantry.core.pipeline;

import dev.tenantry.core.admission.StorageThresholds;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.isolation.HostApi;
import dev.tenantry.spi.tenant.KvEntry;
import dev.tenantry.spi.tenant.StorageUsage;
import dev.tenantry.spi.tenant.TenantConfig;
import dev.tenantry.spi.tenant.TenantDataStore;

import java.util.List;
import java.util.Optional;

/**
 * The host API of one execution, bound to its tenant: every call names that tenant and only that tenant
 * to the data store, so nothing the guest passes can reach another tenant's data. Writes are checked
 * against the tenant's storage limits by the store, atomically; after a write the new usage goes to the
 * admission's {@link StorageThresholds}, which publishes a warning or critical event once per month. Thread-safe.
 */
final class TenantHostApi implements HostApi {
    /** The most entries one {@code kvList} call returns, whatever the guest asks for. */
    static final int LIST_CAP = 1_000;

    private final TenantConfig tenant;
    private final TenantId id;
    private final TenantDataStore store;
    private final StorageThresholds thresholds;

    TenantHostApi(TenantConfig tenant, TenantDataStore store, StorageThresholds thresholds) {
        this.tenant = tenant;
        this.id = tenant.id();
        this.store = store;
        this.thresholds = thresholds;
    }

    @Override
    public Optional<String> kvGet(String key) {
        return store.get(id, key);
    }

    @Override
    public void kvPut(String key, String valueJson) {
        StorageUsage usage = store.put(id, key, valueJson, tenant.limits().storage());
        thresholds.check(tenant, usage);
    }

    @Override
    public boolean kvDelete(String key) {
        return store.delete(id, key);
    }

    @Override
    public List<KvEntry> kvList(String prefix, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        return store.list(id, prefix, Optional.empty(), Math.min(limit, LIST_CAP));
    }
}
