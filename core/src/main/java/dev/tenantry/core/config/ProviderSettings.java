package dev.tenantry.core.config;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A section that selects one provider ({@code isolation}, {@code scheduler}, {@code metering},
 * {@code tenants}, {@code data}) and holds the provider's own keys.
 *
 * @param provider the selected provider's name ({@code provider}, or {@code store} for the stores); empty
 *     means "the only one found"
 * @param settings the section's other keys, flat and dotted, for the provider to bind; copied
 */
public record ProviderSettings(Optional<String> provider, Map<String, String> settings) {
    /** Nothing selected, no keys. */
    public static final ProviderSettings DEFAULTS = new ProviderSettings(Optional.empty(), Map.of());

    /** Validates and copies. */
    public ProviderSettings {
        Objects.requireNonNull(provider, "provider");
        settings = Map.copyOf(settings);
    }

    /** {@return the settings selecting {@code name}, with no other keys} */
    public static ProviderSettings of(String name) {
        return new ProviderSettings(Optional.of(name), Map.of());
    }

    @Override
    public String toString() {
        return "ProviderSettings[" + provider.orElse("<only one>") + ", " + Secrets.masked(settings) + "]";
    }
}
