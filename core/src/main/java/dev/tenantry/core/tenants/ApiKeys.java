package dev.tenantry.core.tenants;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.tenant.ApiKey;
import dev.tenantry.spi.tenant.TenantStore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Issues and checks API keys of the form {@code tnt_<keyId>.<secret>}: a 96-bit random key id to find the
 * record, and a 256-bit random secret of which only the SHA-256 hash is stored. Checking compares hashes
 * with {@link MessageDigest#isEqual}, whose time does not depend on where they differ, and hashes even for
 * unknown key ids so that a miss costs about what a hit does. Thread-safe.
 */
final class ApiKeys {
    static final String PREFIX = "tnt_";
    private static final int KEY_ID_BYTES = 12;
    private static final int SECRET_BYTES = 32;
    private static final HexFormat HEX = HexFormat.of();

    private final TenantStore store;
    private final Clock clock;
    private final SecureRandom random;
    /** Never updated, only cloned; see {@link #sha256()}. */
    private final MessageDigest sha256Prototype = newSha256();

    ApiKeys(TenantStore store, Clock clock, SecureRandom random) {
        this.store = store;
        this.clock = clock;
        this.random = random;
    }

    IssuedKey issue(TenantId tenant) {
        String keyId = HEX.formatHex(bytes(KEY_ID_BYTES));
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(SECRET_BYTES));
        ApiKey record = new ApiKey(keyId, tenant, hash(secret), PREFIX, clock.instant(), Optional.empty());
        store.addKey(record);
        return new IssuedKey(record, PREFIX + keyId + "." + secret);
    }

    Optional<ApiKey> authenticate(String presented) {
        if (presented == null || !presented.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int dot = presented.indexOf('.', PREFIX.length());
        if (dot < 0) {
            return Optional.empty();
        }
        String keyId = presented.substring(PREFIX.length(), dot);
        byte[] offered = hash(presented.substring(dot + 1)).getBytes(StandardCharsets.US_ASCII);
        Optional<ApiKey> record = keyId.isEmpty() ? Optional.empty() : store.findKey(keyId);
        byte[] expected = record.map(r -> r.secretHash().getBytes(StandardCharsets.US_ASCII))
                .orElse(new byte[offered.length]);
        boolean match = MessageDigest.isEqual(offered, expected);
        return record.filter(r -> match && r.active());
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private String hash(String secret) {
        return HEX.formatHex(sha256().digest(secret.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * A fresh SHA-256 digest, cloned from one looked up once: every request hashes the key it presents, and
     * {@link MessageDigest#getInstance} (a provider lookup) cost more than the hash itself in the profile of
     * the execution route. A clone shares no state with its original.
     */
    private MessageDigest sha256() {
        try {
            return (MessageDigest) sha256Prototype.clone();
        } catch (CloneNotSupportedException e) {
            return newSha256();
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
