package dev.tenantry.spi.isolation;

import dev.tenantry.spi.tenant.KvEntry;

import java.util.List;
import java.util.Optional;

/**
 * What the platform binds into one execution's sandbox: the only way guest code reaches anything outside
 * itself. An instance is bound to exactly one tenant by the platform, so nothing the guest passes (a key,
 * a prefix) can name another tenant's data.
 *
 * <p>Thread-safe. Methods may block on storage. Limits are enforced here, not trusted to the guest: a
 * write over a storage limit throws {@link dev.tenantry.spi.quota.LimitExceededException}, which the
 * sandbox turns into a guest error without host details. The sandbox counts each call as one API call.
 */
public interface HostApi {

    /** {@return the value stored under {@code key}, if any} */
    Optional<String> kvGet(String key);

    /**
     * Stores a JSON value under {@code key}.
     *
     * @throws dev.tenantry.spi.quota.LimitExceededException if a storage limit would be exceeded
     * @throws IllegalArgumentException if the key is empty or too long
     */
    void kvPut(String key, String valueJson);

    /** Removes {@code key}; {@return whether it existed} */
    boolean kvDelete(String key);

    /**
     * Lists entries whose key starts with {@code prefix}, in key order.
     *
     * @param limit at most this many, at least 1; the platform may cap it lower
     */
    List<KvEntry> kvList(String prefix, int limit);

    /** A host API that refuses every call; for sandboxes used without storage. */
    HostApi NONE = new HostApi() {
        @Override
        public Optional<String> kvGet(String key) {
            throw new UnsupportedOperationException("kv is not available");
        }

        @Override
        public void kvPut(String key, String valueJson) {
            throw new UnsupportedOperationException("kv is not available");
        }

        @Override
        public boolean kvDelete(String key) {
            throw new UnsupportedOperationException("kv is not available");
        }

        @Override
        public List<KvEntry> kvList(String prefix, int limit) {
            throw new UnsupportedOperationException("kv is not available");
        }
    };
}
