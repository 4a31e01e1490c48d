package dev.tenantry.core.memory;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.quota.LimitExceededException;
import dev.tenantry.spi.quota.LimitRejection;
import dev.tenantry.spi.quota.LimitType;
import dev.tenantry.spi.tenant.KvEntry;
import dev.tenantry.spi.tenant.StorageUsage;
import dev.tenantry.spi.tenant.TenantDataStore;
import dev.tenantry.spi.tenant.TenantLimits;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link TenantDataStore} in memory: one sorted map per tenant, each guarded by its own lock so that the
 * limit check and the write of one tenant are one atomic step while tenants never wait for each other.
 * Thread-safe.
 */
public final class InMemoryTenantDataStore implements TenantDataStore {
    private static final int MAX_KEY_LENGTH = 512;

    private final ConcurrentHashMap<TenantId, TenantData> data = new ConcurrentHashMap<>();

    /** One tenant's entries and running totals; guarded by itself. */
    private static final class TenantData {
        final TreeMap<String, String> entries = new TreeMap<>();
        long bytes;

        StorageUsage usage() {
            return new StorageUsage(bytes, entries.size());
        }
    }

    @Override
    public Optional<String> get(TenantId tenant, String key) {
        Objects.requireNonNull(tenant, "tenant");
        checkKey(key);
        TenantData d = data.get(tenant);
        if (d == null) {
            return Optional.empty();
        }
        synchronized (d) {
            return Optional.ofNullable(d.entries.get(key));
        }
    }

    @Override
    public StorageUsage put(TenantId tenant, String key, String value, TenantLimits.StorageLimit limit) {
        Objects.requireNonNull(tenant, "tenant");
        checkKey(key);
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(limit, "limit");
        long size = utf8(key) + utf8(value);
        if (size > limit.maxObjectBytes()) {
            throw reject(tenant, LimitType.OBJECT_SIZE, limit.maxObjectBytes(), size,
                    "entry of " + size + " bytes is larger than the object size limit of " + limit.maxObjectBytes());
        }
        // Data of a tenant is created on its first write only; a rejected first write leaves an empty holder.
        TenantData d = data.computeIfAbsent(tenant, t -> new TenantData());
        synchronized (d) {
            String old = d.entries.get(key);
            long oldSize = old == null ? 0 : utf8(key) + utf8(old);
            long newBytes = d.bytes - oldSize + size;
            if (newBytes > limit.maxBytes()) {
                throw reject(tenant, LimitType.STORAGE_BYTES, limit.maxBytes(), d.bytes,
                        "storage would hold " + newBytes + " bytes, over the limit of " + limit.maxBytes());
            }
            if (old == null && d.entries.size() + 1L > limit.maxObjects()) {
                throw reject(tenant, LimitType.STORAGE_OBJECTS, limit.maxObjects(), d.entries.size(),
                        "storage would hold " + (d.entries.size() + 1L) + " keys, over the limit of " + limit.maxObjects());
            }
            d.entries.put(key, value);
            d.bytes = newBytes;
            return d.usage();
        }
    }

    @Override
    public boolean delete(TenantId tenant, String key) {
        Objects.requireNonNull(tenant, "tenant");
        checkKey(key);
        TenantData d = data.get(tenant);
        if (d == null) {
            return false;
        }
        synchronized (d) {
            String old = d.entries.remove(key);
            if (old == null) {
                return false;
            }
            d.bytes -= utf8(key) + utf8(old);
            return true;
        }
    }

    @Override
    public List<KvEntry> list(TenantId tenant, String prefix, Optional<String> after, int limit) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(after, "after");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        TenantData d = data.get(tenant);
        if (d == null) {
            return List.of();
        }
        synchronized (d) {
            Map<String, String> view = after.filter(a -> a.compareTo(prefix) >= 0)
                    .map(a -> (Map<String, String>) d.entries.tailMap(a, false))
                    .orElseGet(() -> d.entries.tailMap(prefix, true));
            return view.entrySet().stream()
                    .takeWhile(e -> e.getKey().startsWith(prefix))
                    .limit(limit)
                    .map(e -> new KvEntry(e.getKey(), e.getValue()))
                    .toList();
        }
    }

    @Override
    public StorageUsage usage(TenantId tenant) {
        Objects.requireNonNull(tenant, "tenant");
        TenantData d = data.get(tenant);
        if (d == null) {
            return StorageUsage.EMPTY;
        }
        synchronized (d) {
            return d.usage();
        }
    }

    @Override
    public long deleteAll(TenantId tenant) {
        Objects.requireNonNull(tenant, "tenant");
        TenantData d = data.remove(tenant);
        if (d == null) {
            return 0;
        }
        synchronized (d) {
            return d.entries.size();
        }
    }

    @Override
    public void close() {
        // Nothing to release.
    }

    private static void checkKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("a key must be 1 to " + MAX_KEY_LENGTH + " characters, was " + key.length());
        }
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static LimitExceededException reject(TenantId tenant, LimitType type, long limit, long current,
                                                 String message) {
        return new LimitExceededException(new LimitRejection(tenant, type, limit, current, Optional.empty(), message));
    }
}
