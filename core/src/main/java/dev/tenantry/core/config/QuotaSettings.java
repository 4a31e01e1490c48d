package dev.tenantry.core.config;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code quotas} section.
 *
 * @param provider the quota policy provider ({@code provider}); empty means "the only one found"
 * @param stateStore the quota state store provider ({@code state-store}); empty means "the only one found".
 *     The state store receives the {@code database} keys
 * @param settings the policy's own keys, flat and dotted; copied
 */
public record QuotaSettings(Optional<String> provider, Optional<String> stateStore, Map<String, String> settings) {
    /** Nothing selected, no keys. */
    public static final QuotaSettings DEFAULTS = new QuotaSettings(Optional.empty(), Optional.empty(), Map.of());

    /** Validates and copies. */
    public QuotaSettings {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(stateStore, "stateStore");
        settings = Map.copyOf(settings);
    }

    @Override
    public String toString() {
        return "QuotaSettings[" + provider.orElse("<only one>") + ", state-store=" + stateStore.orElse("<only one>")
                + ", " + Secrets.masked(settings) + "]";
    }
}
