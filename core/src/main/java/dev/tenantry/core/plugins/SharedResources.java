package dev.tenantry.core.plugins;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The resources one platform's providers share by key (a connection pool, the quota state store, the
 * billing rules). Created on first use, closed in reverse order of creation. Thread-safe.
 */
public final class SharedResources implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SharedResources.class);
    private final Map<String, AutoCloseable> resources = new LinkedHashMap<>();

    /** {@return the resource under {@code key}, created with {@code factory} if there is none} */
    public synchronized <T extends AutoCloseable> T get(String key, Class<T> type, Supplier<? extends T> factory) {
        Objects.requireNonNull(key, "key");
        AutoCloseable existing = resources.get(key);
        if (existing == null) {
            existing = Objects.requireNonNull(factory.get(), "shared resource factory returned null for " + key);
            resources.put(key, existing);
        }
        if (!type.isInstance(existing)) {
            throw new ClassCastException("shared resource " + key + " is a " + existing.getClass().getName()
                    + ", not a " + type.getName());
        }
        return type.cast(existing);
    }

    /** Binds {@code resource} under {@code key} before any provider asks for it. */
    public synchronized void bind(String key, AutoCloseable resource) {
        if (resources.putIfAbsent(key, Objects.requireNonNull(resource, "resource")) != null) {
            throw new IllegalStateException("shared resource " + key + " is already bound");
        }
    }

    @Override
    public synchronized void close() {
        Deque<Map.Entry<String, AutoCloseable>> reverse = new ArrayDeque<>();
        resources.entrySet().forEach(reverse::push);
        resources.clear();
        for (Map.Entry<String, AutoCloseable> e : reverse) {
            try {
                e.getValue().close();
            } catch (Exception ex) {
                LOG.warn("shared resource {} failed to close", e.getKey(), ex);
            }
        }
    }
}
