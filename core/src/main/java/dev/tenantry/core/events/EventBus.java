package dev.tenantry.core.events;

import dev.tenantry.spi.event.EventSink;
import dev.tenantry.spi.event.PlatformEvent;
import dev.tenantry.spi.event.PlatformEventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One platform's event fan-out: {@link #publish} never blocks and never fails the publisher; one thread of
 * this bus delivers each event to every listener, in publication order. {@link #close()} delivers what was
 * published before it, then closes the configured listeners. Thread-safe.
 */
public final class EventBus implements EventSink, PlatformEvents, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

    private final List<PlatformEventListener> configured = new CopyOnWriteArrayList<>();
    private final List<PlatformEventListener> subscribers = new CopyOnWriteArrayList<>();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tenantry-events");
        t.setDaemon(true);
        return t;
    });

    /** Adds a listener created from configuration; the bus closes it when it closes. */
    public void addConfigured(PlatformEventListener listener) {
        configured.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void publish(PlatformEvent event) {
        Objects.requireNonNull(event, "event");
        try {
            delivery.execute(() -> deliver(event));
        } catch (RejectedExecutionException e) {
            LOG.debug("event {} for tenant {} dropped: the platform is closed", event.type(), event.tenant());
        }
    }

    @Override
    public Subscription subscribe(PlatformEventListener listener) {
        Objects.requireNonNull(listener, "listener");
        subscribers.add(listener);
        return () -> subscribers.remove(listener);
    }

    private void deliver(PlatformEvent event) {
        for (PlatformEventListener l : configured) {
            deliverTo(l, event);
        }
        for (PlatformEventListener l : subscribers) {
            deliverTo(l, event);
        }
    }

    private static void deliverTo(PlatformEventListener listener, PlatformEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.warn("event listener {} failed on {} for tenant {}", listener.getClass().getName(), event.type(),
                    event.tenant(), e);
        }
    }

    @Override
    public void close() {
        delivery.shutdown();
        try {
            if (!delivery.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("event delivery did not finish within 10 s; undelivered events are dropped");
                delivery.shutdownNow();
            }
        } catch (InterruptedException e) {
            delivery.shutdownNow();
            Thread.currentThread().interrupt();
        }
        for (PlatformEventListener l : configured) {
            try {
                l.close();
            } catch (Exception e) {
                LOG.warn("event listener {} failed to close", l.getClass().getName(), e);
            }
        }
        subscribers.clear();
    }
}
