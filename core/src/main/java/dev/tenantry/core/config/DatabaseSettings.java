package dev.tenantry.core.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code database} section, handed to every provider that keeps data (tenant store, data store, quota
 * state store, metering) under its own keys, so that one setting moves them all to a shared database.
 * In-memory providers accept and ignore these keys.
 *
 * @param url the JDBC URL ({@code url}, env {@code TENANTRY_DB_URL}); empty for the default, an H2 file
 *     {@code tenantry} under the data folder
 * @param user the database user ({@code user}, env {@code TENANTRY_DB_USER})
 * @param password the password ({@code password}, env {@code TENANTRY_DB_PASSWORD}); secret, never printed
 * @param poolSize the connection pool size ({@code pool-size}); empty for the provider's default
 */
public record DatabaseSettings(Optional<String> url, Optional<String> user, Optional<String> password,
                               Optional<Integer> poolSize) {
    /** The keys of this section, which every data-keeping provider must accept. */
    public static final Set<String> KEYS = Set.of("url", "user", "password", "pool-size");
    /** The keys whose values are secret. */
    public static final Set<String> SECRET_KEYS = Set.of("password");
    /** No settings: the default H2 file, no user, no password. */
    public static final DatabaseSettings DEFAULTS = new DatabaseSettings(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());

    /** {@return the JDBC URL to use: the configured one, or an H2 file under {@code dataDir}} */
    public String effectiveUrl(Path dataDir) {
        return url.orElseGet(() -> "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("tenantry")
                .toString().replace('\\', '/'));
    }

    /** {@return the keys handed to a data-keeping provider, with the URL resolved against {@code dataDir}} */
    public Map<String, String> pluginValues(Path dataDir) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("url", effectiveUrl(dataDir));
        user.ifPresent(u -> values.put("user", u));
        password.ifPresent(p -> values.put("password", p));
        poolSize.ifPresent(p -> values.put("pool-size", Integer.toString(p)));
        return values;
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + url.orElse("<default>") + ", user=" + user.orElse("") + ", password="
                + (password.isPresent() ? "<secret>" : "") + ", pool-size=" + poolSize.map(String::valueOf).orElse("")
                + "]";
    }
}
