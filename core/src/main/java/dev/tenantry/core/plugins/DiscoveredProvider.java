package dev.tenantry.core.plugins;

import dev.tenantry.spi.Provider;

import java.util.Objects;

/**
 * A provider found for an extension point, and where it came from.
 *
 * @param point the extension point
 * @param provider the provider
 * @param origin where it came from: {@code module dev.tenantry.scheduler.fair}, or the class path and its jar
 * @param <P> the provider interface
 */
public record DiscoveredProvider<P extends Provider<?>>(ExtensionPoint<P> point, P provider, String origin) {
    /** Validates that nothing is null. */
    public DiscoveredProvider {
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(origin, "origin");
    }

    /** {@return the provider's name} */
    public String name() {
        return provider.name();
    }

    /** {@return {@code 'name' (origin)}, as listed in errors} */
    public String describe() {
        return "'" + name() + "' (" + origin + ")";
    }

    /** {@return where {@code provider} came from: its module, or the class path and its jar} */
    public static String originOf(Object provider) {
        Module module = provider.getClass().getModule();
        if (module.isNamed()) {
            return "module " + module.getName();
        }
        var source = provider.getClass().getProtectionDomain().getCodeSource();
        String location = source == null || source.getLocation() == null ? "unknown location"
                : source.getLocation().getPath().replaceAll(".*/(?=[^/]+/?$)", "");
        return "class path " + location;
    }
}
