package dev.tenantry.core.memory;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.tenant.ApiKey;
import dev.tenantry.spi.tenant.TenantAlreadyExistsException;
import dev.tenantry.spi.tenant.TenantConfig;
import dev.tenantry.spi.tenant.TenantNotFoundException;
import dev.tenantry.spi.tenant.TenantStore;
import dev.tenantry.spi.tenant.TierChange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link TenantStore} in memory. Every method holds one lock, which makes each atomic on its own (a tier
 * change and its history entry are recorded together). Thread-safe.
 */
public final class InMemoryTenantStore implements TenantStore {
    private final Object lock = new Object();
    private final TreeMap<TenantId, TenantConfig> tenants = new TreeMap<>();
    private final Map<TenantId, List<TierChange>> tierChanges = new HashMap<>();
    private final Map<String, ApiKey> keys = new LinkedHashMap<>();

    @Override
    public TenantConfig create(TenantConfig tenant) {
        Objects.requireNonNull(tenant, "tenant");
        synchronized (lock) {
            if (tenants.containsKey(tenant.id())) {
                throw new TenantAlreadyExistsException(tenant.id());
            }
            tenants.put(tenant.id(), tenant);
            return tenant;
        }
    }

    @Override
    public Optional<TenantConfig> find(TenantId id) {
        Objects.requireNonNull(id, "id");
        synchronized (lock) {
            return Optional.ofNullable(tenants.get(id));
        }
    }

    @Override
    public TenantConfig update(TenantConfig tenant) {
        Objects.requireNonNull(tenant, "tenant");
        synchronized (lock) {
            TenantConfig old = tenants.get(tenant.id());
            if (old == null) {
                throw new TenantNotFoundException(tenant.id());
            }
            if (old.tier() != tenant.tier()) {
                tierChanges.computeIfAbsent(tenant.id(), k -> new ArrayList<>())
                        .add(new TierChange(tenant.id(), old.tier(), tenant.tier(), tenant.updatedAt()));
            }
            tenants.put(tenant.id(), tenant);
            return tenant;
        }
    }

    @Override
    public boolean delete(TenantId id) {
        Objects.requireNonNull(id, "id");
        synchronized (lock) {
            boolean existed = tenants.remove(id) != null;
            tierChanges.remove(id);
            keys.values().removeIf(k -> k.tenant().equals(id));
            return existed;
        }
    }

    @Override
    public List<TenantConfig> list(Optional<TenantId> after, int limit) {
        Objects.requireNonNull(after, "after");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        synchronized (lock) {
            Map<TenantId, TenantConfig> view = after.isPresent() ? tenants.tailMap(after.get(), false) : tenants;
            return view.values().stream().limit(limit).toList();
        }
    }

    @Override
    public List<TierChange> tierChanges(TenantId tenant) {
        Objects.requireNonNull(tenant, "tenant");
        synchronized (lock) {
            return List.copyOf(tierChanges.getOrDefault(tenant, List.of()));
        }
    }

    @Override
    public void addKey(ApiKey key) {
        Objects.requireNonNull(key, "key");
        synchronized (lock) {
            if (!tenants.containsKey(key.tenant())) {
                throw new TenantNotFoundException(key.tenant());
            }
            if (keys.containsKey(key.keyId())) {
                throw new IllegalArgumentException("an API key with id " + key.keyId() + " exists");
            }
            keys.put(key.keyId(), key);
        }
    }

    @Override
    public Optional<ApiKey> findKey(String keyId) {
        Objects.requireNonNull(keyId, "keyId");
        synchronized (lock) {
            return Optional.ofNullable(keys.get(keyId));
        }
    }

    @Override
    public List<ApiKey> keys(TenantId tenant) {
        Objects.requireNonNull(tenant, "tenant");
        synchronized (lock) {
            return keys.values().stream().filter(k -> k.tenant().equals(tenant)).toList();
        }
    }

    @Override
    public boolean revokeKey(String keyId, Instant at) {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(at, "at");
        synchronized (lock) {
            ApiKey key = keys.get(keyId);
            if (key == null || !key.active()) {
                return false;
            }
            keys.put(keyId, new ApiKey(key.keyId(), key.tenant(), key.secretHash(), key.prefix(), key.createdAt(),
                    Optional.of(at)));
            return true;
        }
    }

    @Override
    public void close() {
        // Nothing to release: the data goes with the object.
    }
}
