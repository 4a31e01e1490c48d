package dev.tenantry.core.tenants;

import dev.tenantry.spi.tenant.ApiKey;

import java.util.Objects;

/**
 * An API key just issued: the stored record and the key itself, which is shown to the tenant once and
 * kept nowhere. {@link #toString()} never prints the key.
 *
 * @param record what is stored: the key id and the hash of the secret
 * @param key the key, {@code tnt_<keyId>.<secret>}
 */
public record IssuedKey(ApiKey record, String key) {
    /** Validates that nothing is null. */
    public IssuedKey {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(key, "key");
    }

    /** {@return the key id} */
    public String keyId() {
        return record.keyId();
    }

    @Override
    public String toString() {
        return "IssuedKey[" + record.keyId() + " of " + record.tenant() + ", key=<secret>]";
    }
}
