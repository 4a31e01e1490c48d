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

    private RunningServer(ApiServer server, Path dataDir) {
        this.server = server;
        this.http = new Http(server.port());
        this.dataDir = dataDir;
    }

    static RunningServer start(String extraYaml) {
        try {
            Path dir = Files.createTempDirectory("tenantry-server-test");
            Path config = dir.resolve("tenantry.yaml");
            Files.writeString(config, """
                    platform: { data-dir: %s, workers: 2, shutdown-timeout: 5s }
                    server: { port: 0, admin-key: %s }
                    isolation: { provider: graaljs, mode: in-process }
                    scheduler: { provider: fair }
                    quotas: { provider: standard, state-store: memory }
                    metering: { provider: memory }
                    tenants: { store: memory }
                    data: { store: memory }
                    billing: { provider: rules }
                    """.formatted(dir.resolve("data"), ADMIN_KEY) + extraYaml);
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
