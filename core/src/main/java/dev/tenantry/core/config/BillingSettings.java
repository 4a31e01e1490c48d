package dev.tenantry.core.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code billing} section.
 *
 * @param provider the billing engine provider ({@code provider}); empty means "the only one found", and
 *     none found means the platform runs without billing ({@code invoice} then fails)
 * @param rules the custom rule providers to create ({@code rules}), in the order listed
 * @param settings the engine's own keys, flat and dotted; copied
 */
public record BillingSettings(Optional<String> provider, List<NamedPlugin> rules, Map<String, String> settings) {
    /** Nothing selected, no rules, no keys. */
    public static final BillingSettings DEFAULTS = new BillingSettings(Optional.empty(), List.of(), Map.of());

    /** Validates and copies. */
    public BillingSettings {
        Objects.requireNonNull(provider, "provider");
        rules = List.copyOf(rules);
        settings = Map.copyOf(settings);
    }

    @Override
    public String toString() {
        return "BillingSettings[" + provider.orElse("<only one>") + ", rules=" + rules + ", "
                + Secrets.masked(settings) + "]";
    }
}
