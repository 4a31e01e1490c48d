package dev.tenantry.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;

/** The services one platform created, closed in reverse order of creation. Thread-safe. */
final class CreatedServices implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CreatedServices.class);

    private record Entry(String label, AutoCloseable service) {
    }

    private final Deque<Entry> created = new ArrayDeque<>();

    synchronized <T extends AutoCloseable> T add(String label, T service) {
        created.push(new Entry(label, service));
        return service;
    }

    @Override
    public synchronized void close() {
        while (!created.isEmpty()) {
            Entry e = created.pop();
            try {
                e.service().close();
            } catch (Exception ex) {
                LOG.warn("{} failed to close", e.label(), ex);
            }
        }
    }
}
