package dev.tenantry.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The operator's key. Either configured ({@code server.admin-key}, {@code TENANTRY_ADMIN_KEY}) or generated
 * at the first start, printed once and kept only as its SHA-256 hash in {@code <data-dir>/admin-key.sha256}.
 * Only the hash is held in memory; comparison is constant-time. Immutable and thread-safe.
 */
public final class AdminKey {
    private static final Logger LOG = LoggerFactory.getLogger(AdminKey.class);
    /** The file under the data folder holding the generated key's hash. */
    public static final String HASH_FILE = "admin-key.sha256";
    private static final String PREFIX = "tadm_";

    private final byte[] hash;

    private AdminKey(byte[] hash) {
        this.hash = hash.clone();
    }

    /** {@return an admin key that is {@code key}} */
    public static AdminKey of(String key) {
        if (key.length() < 16) {
            throw new IllegalArgumentException("server.admin-key must be at least 16 characters");
        }
        return new AdminKey(sha256(key));
    }

    /**
     * {@return the configured key, or the one generated earlier in {@code dataDir}, or a new one}; a new
     * key is written to {@code console} once, since nothing keeps it.
     */
    public static AdminKey resolve(Optional<String> configured, Path dataDir, PrintStream console) {
        if (configured.isPresent()) {
            return of(configured.get());
        }
        Path file = dataDir.resolve(HASH_FILE);
        try {
            if (Files.exists(file)) {
                return new AdminKey(HexFormat.of().parseHex(Files.readString(file, StandardCharsets.US_ASCII).strip()));
            }
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            Files.createDirectories(dataDir);
            Files.writeString(file, HexFormat.of().formatHex(sha256(key)) + "\n", StandardCharsets.US_ASCII);
            LOG.info("generated an admin key; its hash is in {}", file);
            console.println("Admin key (shown once, store it now): " + key);
            return new AdminKey(sha256(key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the admin key hash " + file, e);
        }
    }

    /** {@return whether {@code presented} is this key}, compared in constant time */
    public boolean matches(String presented) {
        return MessageDigest.isEqual(hash, sha256(presented));
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "AdminKey[<secret>]";
    }
}
