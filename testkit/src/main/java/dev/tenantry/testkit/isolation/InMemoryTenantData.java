package dev.tenantry.testkit.isolation;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.isolation.HostApi;
import dev.tenantry.spi.quota.LimitExceededException;
import dev.tenantry.spi.quota.LimitRejection;
import dev.tenantry.spi.quota.LimitType;
import dev.tenantry.spi.tenant.KvEntry;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tenant key-value data held in memory, handing out a {@link HostApi} bound to one tenant, as the platform
 * does. Enforces a per-object size limit on write so contract tests can check how a sandbox reports a
 * storage limit. Its failures carry a marker text ({@link #HOST_SECRET}) that must never reach the guest.
 * Thread-safe.
 */
public final class InMemoryTenantData {
    /** Text in every host-side failure message; a sandbox that shows it to the guest leaks host details. */
    public static final String HOST_SECRET = "host-internal-detail-7f3a";

    private final Map<TenantId, TreeMap<String, String>> data = new ConcurrentHashMap<>();
    private final long maxObjectBytes;

    /** @param maxObjectBytes the largest key plus value a put accepts, in UTF-8 bytes */
    public InMemoryTenantData(long maxObjectBytes) {
        this.maxObjectBytes = maxObjectBytes;
    }

    /** {@return the host API bound to {@code tenant}} */
    public HostApi hostFor(TenantId tenant) {
        TreeMap<String, String> mine = data.computeIfAbsent(tenant, t -> new TreeMap<>());
        return new HostApi() {
            @Override
            public Optional<String> kvGet(String key) {
                synchronized (mine) {
                    return Optional.ofNullable(mine.get(key));
                }
            }

            @Override
            public void kvPut(String key, String valueJson) {
                if (key.isEmpty() || key.length() > 256) {
                    throw new IllegalArgumentException("bad key at /var/lib/store " + HOST_SECRET);
                }
                long size = key.getBytes(StandardCharsets.UTF_8).length + valueJson.getBytes(StandardCharsets.UTF_8).length;
                if (size > maxObjectBytes) {
                    throw new LimitExceededException(new LimitRejection(tenant, LimitType.OBJECT_SIZE, maxObjectBytes,
                            size, Optional.empty(), "object too large in table kv_" + HOST_SECRET));
                }
                synchronized (mine) {
                    mine.put(key, valueJson);
                }
            }

            @Override
            public boolean kvDelete(String key) {
                synchronized (mine) {
                    return mine.remove(key) != null;
                }
            }

            @Override
            public List<KvEntry> kvList(String prefix, int limit) {
                List<KvEntry> out = new ArrayList<>();
                synchronized (mine) {
                    for (Map.Entry<String, String> e : mine.tailMap(prefix, true).entrySet()) {
                        if (!e.getKey().startsWith(prefix) || out.size() >= limit) {
                            break;
                        }
                        out.add(new KvEntry(e.getKey(), e.getValue()));
                    }
                }
                return out;
            }
        };
    }
}
