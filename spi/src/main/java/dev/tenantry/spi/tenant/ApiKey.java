package dev.tenantry.spi.tenant;

import dev.tenantry.spi.TenantId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A tenant API key as stored: never the key itself, only its identifier and a hash of its secret. The
 * key shown to the tenant once has the form {@code <prefix><keyId>.<secret>}; the platform finds the
 * record by {@code keyId} and compares the hash in constant time.
 *
 * @param keyId the public, unique identifier embedded in the key
 * @param tenant the tenant the key authenticates
 * @param secretHash the hex-encoded hash of the secret part; never the secret
 * @param prefix the recognisable prefix of the key, such as {@code tnt_}
 * @param createdAt when the key was issued
 * @param revokedAt when the key was revoked, if it was; a revoked key never authenticates again
 */
public record ApiKey(String keyId, TenantId tenant, String secretHash, String prefix, Instant createdAt,
                     Optional<Instant> revokedAt) {
    /** Validates that nothing is null or blank. */
    public ApiKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(secretHash, "secretHash");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
        if (keyId.isBlank() || secretHash.isBlank()) {
            throw new IllegalArgumentException("keyId and secretHash must not be blank");
        }
    }

    /** {@return whether this key still authenticates} */
    public boolean active() {
        return revokedAt.isEmpty();
    }
}
