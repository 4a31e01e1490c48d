package dev.tenantry.core.events;

import dev.tenantry.spi.event.PlatformEventListener;

/**
 * Where a platform's events can be followed. Events reach every listener (the configured ones first, then
 * subscribers in the order they subscribed) on one platform thread, in publication order; a listener that
 * throws is logged and keeps receiving later events. Thread-safe.
 */
public interface PlatformEvents {

    /**
     * Adds a listener until the returned subscription is closed.
     *
     * @param listener receives every event published after this call
     * @return closing it stops delivery to {@code listener}; idempotent
     */
    Subscription subscribe(PlatformEventListener listener);

    /** A subscription to platform events; closing it ends it. */
    interface Subscription extends AutoCloseable {
        /** Stops delivery to the listener. Idempotent. */
        @Override
        void close();
    }
}
