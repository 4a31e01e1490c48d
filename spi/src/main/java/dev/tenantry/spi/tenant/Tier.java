package dev.tenantry.spi.tenant;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A tenant's service tier. The four standard tiers have default limits and price plans set by the
 * platform; {@link #CUSTOM} takes its limits from explicit overrides.
 */
public enum Tier {
    /** The entry tier: small limits, lowest price. */
    STARTER,
    /** For production use by small teams. */
    PROFESSIONAL,
    /** For larger workloads with higher concurrency. */
    BUSINESS,
    /** The largest standard tier, with dedicated resources. */
    ENTERPRISE,
    /** Limits set one by one for a tenant. */
    CUSTOM;

    /** {@return the lower-case name used in configuration, files and the API} */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * {@return the tier named {@code id}}, case-insensitive.
     *
     * @throws IllegalArgumentException naming the valid tiers if there is none by that name
     */
    public static Tier parse(String id) {
        for (Tier t : values()) {
            if (t.id().equalsIgnoreCase(id == null ? "" : id.strip())) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown tier \"" + id + "\": expected one of "
                + Arrays.stream(values()).map(Tier::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id();
    }
}
