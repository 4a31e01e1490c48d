package dev.tenantry.spi.tenant;

import dev.tenantry.spi.TenantId;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A tenant as the platform knows it. Immutable; "changing" a tenant means storing a copy made with the
 * {@code with...} methods.
 *
 * @param id the tenant's identity
 * @param name a display name; not blank, at most 200 characters
 * @param tier the service tier, which selects default limits and the price plan
 * @param priority the scheduling priority
 * @param limits the effective limits (the tier's defaults with any overrides applied)
 * @param enabled false: every request of the tenant is refused, its data kept
 * @param settings free-form settings ({@code dedicated-resources}, {@code allow-eval}, {@code industry}, ...); copied
 * @param createdAt when the tenant was created
 * @param updatedAt when the tenant was last changed
 */
public record TenantConfig(TenantId id, String name, Tier tier, Priority priority, TenantLimits limits,
                           boolean enabled, Map<String, String> settings, Instant createdAt, Instant updatedAt) {

    /** Setting that gives a tenant sandbox workers of its own. */
    public static final String DEDICATED_RESOURCES = "dedicated-resources";
    /** Setting that lets a tenant's scripts use {@code eval} and {@code Function}. */
    public static final String ALLOW_EVAL = "allow-eval";

    /** Validates the values and copies the settings. */
    public TenantConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("name must be 1-200 characters and not blank");
        }
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(limits, "limits");
        settings = Map.copyOf(settings);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** {@return the value of setting {@code key}, if set} */
    public Optional<String> setting(String key) {
        return Optional.ofNullable(settings.get(key));
    }

    /** {@return whether setting {@code key} is {@code "true"}} */
    public boolean flag(String key) {
        return "true".equalsIgnoreCase(settings.get(key));
    }

    /** {@return whether this tenant gets sandbox workers of its own} */
    public boolean dedicatedResources() {
        return flag(DEDICATED_RESOURCES);
    }

    /** {@return a copy with the given limits, changed at {@code at}} */
    public TenantConfig withLimits(TenantLimits newLimits, Instant at) {
        return new TenantConfig(id, name, tier, priority, newLimits, enabled, settings, createdAt, at);
    }

    /** {@return a copy with the given tier and limits, changed at {@code at}} */
    public TenantConfig withTier(Tier newTier, TenantLimits newLimits, Instant at) {
        return new TenantConfig(id, name, newTier, priority, newLimits, enabled, settings, createdAt, at);
    }

    /** {@return a copy with the given priority, changed at {@code at}} */
    public TenantConfig withPriority(Priority newPriority, Instant at) {
        return new TenantConfig(id, name, tier, newPriority, limits, enabled, settings, createdAt, at);
    }

    /** {@return a copy enabled or disabled at {@code at}} */
    public TenantConfig withEnabled(boolean newEnabled, Instant at) {
        return new TenantConfig(id, name, tier, priority, limits, newEnabled, settings, createdAt, at);
    }

    /** {@return a copy with the given name, changed at {@code at}} */
    public TenantConfig withName(String newName, Instant at) {
        return new TenantConfig(id, newName, tier, priority, limits, enabled, settings, createdAt, at);
    }

    /** {@return a copy with the given settings, changed at {@code at}} */
    public TenantConfig withSettings(Map<String, String> newSettings, Instant at) {
        return new TenantConfig(id, name, tier, priority, limits, enabled, newSettings, createdAt, at);
    }
}
