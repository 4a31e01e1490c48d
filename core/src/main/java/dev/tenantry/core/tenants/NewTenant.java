package dev.tenantry.core.tenants;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.tenant.Priority;
import dev.tenantry.spi.tenant.Tier;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to create a tenant from.
 *
 * @param id the tenant's id
 * @param name its display name
 * @param tier its tier; {@link Tier#CUSTOM} needs {@code overrides}
 * @param priority its priority; empty for the tier's
 * @param overrides changes to the tier's limits
 * @param settings free-form settings; copied
 */
public record NewTenant(TenantId id, String name, Tier tier, Optional<Priority> priority, LimitOverrides overrides,
                        Map<String, String> settings) {
    /** Validates that nothing is null and copies the settings. */
    public NewTenant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(overrides, "overrides");
        settings = Map.copyOf(settings);
    }

    /** {@return a tenant of {@code tier} with its defaults} */
    public static NewTenant of(String id, String name, Tier tier) {
        return new NewTenant(TenantId.of(id), name, tier, Optional.empty(), LimitOverrides.NONE, Map.of());
    }

    /** {@return a copy with these overrides} */
    public NewTenant withOverrides(LimitOverrides newOverrides) {
        return new NewTenant(id, name, tier, priority, newOverrides, settings);
    }

    /** {@return a copy with this priority} */
    public NewTenant withPriority(Priority newPriority) {
        return new NewTenant(id, name, tier, Optional.of(newPriority), overrides, settings);
    }

    /** {@return a copy with these settings} */
    public NewTenant withSettings(Map<String, String> newSettings) {
        return new NewTenant(id, name, tier, priority, overrides, newSettings);
    }
}
