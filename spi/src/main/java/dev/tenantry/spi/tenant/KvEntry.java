package dev.tenantry.spi.tenant;

import java.util.Objects;

/**
 * One key and its value in a tenant's data.
 *
 * @param key the key, as the guest wrote it
 * @param value the value, a JSON text
 */
public record KvEntry(String key, String value) {
    /** Validates that neither is null. */
    public KvEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}
