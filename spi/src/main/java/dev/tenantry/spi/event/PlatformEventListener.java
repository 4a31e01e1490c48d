package dev.tenantry.spi.event;

/**
 * Receives platform events. Called from one platform thread at a time, in publication order; a listener
 * that throws is logged and keeps receiving later events. Must not block for long.
 */
public interface PlatformEventListener extends AutoCloseable {

    /** Handles one event. */
    void onEvent(PlatformEvent event);

    @Override
    default void close() {
    }
}
