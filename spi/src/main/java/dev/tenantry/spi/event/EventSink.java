package dev.tenantry.spi.event;

/**
 * Where providers publish events. The platform fans them out to every {@link PlatformEventListener}.
 * Thread-safe and non-blocking: publishing never waits for listeners, and a failing listener never fails
 * the publisher.
 */
@FunctionalInterface
public interface EventSink {
    /** Publishes an event. */
    void publish(PlatformEvent event);

    /** A sink that drops every event; for tests and tools. */
    EventSink DISCARD = event -> {
    };
}
