package dev.tenantry.spi.event;

import dev.tenantry.spi.Provider;

/** Creates {@link PlatformEventListener}s; every provider named in {@code events.listeners} in configuration is created. */
public interface EventListenerProvider extends Provider<PlatformEventListener> {
}
