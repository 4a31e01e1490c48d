package dev.tenantry.server;

import dev.tenantry.spi.ConfigurationException;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * A real server on a random port over a real platform: GraalJS in-process (for speed), the fair
 * scheduler, the standard quotas, the rules billing, data in a temporary folder.
 */
final class RunningServer implements AutoCloseable {
    static final String ADMIN_KEY = "test-admin-key-0123456789";

    final ApiServer server;
    final Http http;
    final Path dataDir;

    /** {@return the JDBC URL of the H2 file the {@link #H2_STORES} of this server use} */
    String h2Url() {
        return "jdbc:h2:file:" + dataDir.resolve("data").resolve("tenantry").toAbsolutePath();
    }

    private RunningServer(ApiServer server, Path dataDir) {
        this.server = server;
        this.http = new Http(server.port());
        this.dataDir = dataDir;
    }

    /** The memory stores, the default of the tests. */
    static final String MEMORY_STORES = """
            quotas: { provider: standard, state-store: memory }
            metering: { provider: memory }
            tenants: { store: memory }
            data: { store: memory }
            """;

    /** The jdbc stores on their default database: an H2 file in the server's own data folder. */
    static final String H2_STORES = """
            quotas: { provider: standard, state-store: jdbc }
            metering: { provider: jdbc }
            tenants: { store: jdbc }
            data: { store: jdbc }
            """;

    /** The jdbc stores on {@code url} (MySQL/MariaDB). */
    static String jdbcStores(String url) {
        return """
                quotas: { provider: standard, state-store: jdbc }
                metering: { provider: jdbc }
                tenants: { store: jdbc }
                data: { store: jdbc }
                database: { url: "%s" }
                """.formatted(url);
    }

    static RunningServer start(String extraYaml) {
        return start(MEMORY_STORES, extraYaml);
    }

    /** Starts a server with {@code storesYaml} (see {@link #MEMORY_STORES}, {@link #jdbcStores}). */
    static RunningServer start(String storesYaml, String extraYaml) {
        try {
            Path dir = Files.createTempDirectory("tenantry-server-test");
            Path config = dir.resolve("tenantry.yaml");
            Files.writeString(config, """
                    platform: { data-dir: %s, workers: 2, shutdown-timeout: 5s }
                    server: { port: 0, admin-key: %s }
                    isolation: { provider: graaljs, mode: in-process }
                    scheduler: { provider: fair }
                    billing: { provider: rules }
                    """.formatted(dir.resolve("data"), ADMIN_KEY) + storesYaml + extraYaml);
            try {
                return new RunningServer(Main.start(Optional.of(config), Map.of(), Clock.systemUTC()), dir);
            } catch (ConfigurationException e) {
                // Until the GraalJS provider is on the module path there is nothing to run code with.
                Assumptions.assumeFalse(e.getMessage().contains("isolation"), "no isolation provider: " + e.getMessage());
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates a tenant and {@return its API key} */
    String tenant(String id, String tier) {
        Http.Answer a = http.post("/v1/tenants", ADMIN_KEY,
                "{\"id\":\"" + id + "\",\"name\":\"Tenant " + id + "\",\"tier\":\"" + tier + "\"}");
        if (a.status() != 201) {
            throw new IllegalStateException("could not create " + id + ": " + a.body());
        }
        return a.json().get("apiKey").asText();
    }

    @Override
    public void close() {
        server.close();
    }
}
