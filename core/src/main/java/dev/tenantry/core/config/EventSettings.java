package dev.tenantry.core.config;

import java.util.List;

/**
 * The {@code events} section.
 *
 * @param listeners the event listener providers to create ({@code listeners}), in the order listed; events
 *     reach them in that order
 */
public record EventSettings(List<NamedPlugin> listeners) {
    /** No listeners. */
    public static final EventSettings DEFAULTS = new EventSettings(List.of());

    /** Copies the list. */
    public EventSettings {
        listeners = List.copyOf(listeners);
    }
}
