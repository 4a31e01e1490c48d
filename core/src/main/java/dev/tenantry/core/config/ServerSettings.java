package dev.tenantry.core.config;

import java.util.Objects;
import java.util.Optional;

/**
 * The {@code server} section, read by the HTTP server.
 *
 * @param port the TCP port ({@code port}, env {@code TENANTRY_PORT}); 0 to 65535, 0 for any free port
 * @param adminKey the key that authenticates operators ({@code admin-key}, env {@code TENANTRY_ADMIN_KEY});
 *     secret, never printed
 */
public record ServerSettings(int port, Optional<String> adminKey) {
    /** The defaults: port 8080, no admin key. */
    public static final ServerSettings DEFAULTS = new ServerSettings(8080, Optional.empty());

    /** Validates the values. */
    public ServerSettings {
        Objects.requireNonNull(adminKey, "adminKey");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535, was " + port);
        }
    }

    @Override
    public String toString() {
        return "ServerSettings[port=" + port + ", admin-key=" + (adminKey.isPresent() ? "<secret>" : "") + "]";
    }
}
