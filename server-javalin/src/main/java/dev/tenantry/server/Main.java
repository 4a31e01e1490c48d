package dev.tenantry.server;

import dev.tenantry.core.Platform;
import dev.tenantry.core.Tenantry;
import dev.tenantry.core.config.TenantryConfig;
import dev.tenantry.spi.ConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Entry point of {@code ./tenantry serve}: reads the configuration (the server's default file
 * {@code tenantry-server.yaml} shipped in this module, or {@code --config FILE}, then {@code TENANTRY_...}
 * variables), lets core build the platform from it, starts the HTTP API and stops it gracefully on SIGTERM.
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    /** The configuration used when no {@code --config} is given. */
    public static final String DEFAULT_CONFIG = "tenantry-server.yaml";

    private Main() {
    }

    /**
     * Starts the reference deployment.
     *
     * @param args {@code [--config FILE]}
     */
    public static void main(String[] args) {
        Optional<Path> file = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                file = Optional.of(Path.of(args[++i]));
            } else {
                System.err.println("usage: tenantry serve [--config FILE]");
                System.exit(2);
            }
        }
        try {
            ApiServer server = start(file, System.getenv(), Clock.systemUTC());
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "tenantry-shutdown"));
        } catch (ConfigurationException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }

    /**
     * Builds the platform and starts the server on the configured port.
     *
     * @param file the configuration file; empty for the shipped default
     * @param env the environment
     * @throws ConfigurationException for a bad configuration, naming every problem
     */
    public static ApiServer start(Optional<Path> file, Map<String, String> env, Clock clock) {
        TenantryConfig config = file.isPresent() ? TenantryConfig.load(file, env) : loadDefault(env);
        AdminKey adminKey = AdminKey.resolve(config.server().adminKey(), config.dataDirectory(), System.out);
        Platform platform = Tenantry.builder().config(config).clock(clock).build();
        try {
            ApiServer server = new ApiServer(platform, adminKey, clock,
                    config.platform().shutdownTimeout()).start(config.server().port());
            LOG.info("Tenantry is ready at http://localhost:{}/ (API reference at /docs, data in {})",
                    server.port(), config.dataDirectory());
            return server;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    /** Core reads configuration from a file, so the shipped default is copied to a temporary one. */
    private static TenantryConfig loadDefault(Map<String, String> env) {
        try (InputStream in = Main.class.getResourceAsStream(DEFAULT_CONFIG)) {
            if (in == null) {
                throw new IllegalStateException("the module dev.tenantry.server lacks its " + DEFAULT_CONFIG);
            }
            Path tmp = Files.createTempFile("tenantry-server", ".yaml");
            try {
                Files.write(tmp, in.readAllBytes());
                return TenantryConfig.load(Optional.of(tmp), env);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the default configuration", e);
        }
    }
}
