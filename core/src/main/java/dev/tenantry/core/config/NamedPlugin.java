package dev.tenantry.core.config;

import java.util.Map;
import java.util.Objects;

/**
 * A provider named in a list of the configuration ({@code billing.rules}, {@code events.listeners}), with the
 * keys given to it.
 *
 * @param name the provider's name
 * @param path where it was named, such as {@code events.listeners[0]}; used in errors
 * @param settings its own keys, flat and dotted; copied
 */
public record NamedPlugin(String name, String path, Map<String, String> settings) {
    /** Validates and copies. */
    public NamedPlugin {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        settings = Map.copyOf(settings);
    }

    @Override
    public String toString() {
        return name + Secrets.masked(settings);
    }
}
