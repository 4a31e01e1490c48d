package dev.tenantry.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boots the built assembly exactly as {@code ./tenantry serve} does — {@code java -p target/lib -m
 * dev.tenantry.server/dev.tenantry.server.Main} — because the module patching of the unit tests hides a
 * missing {@code requires} or {@code opens}; runs code through it, then stops it with SIGTERM.
 */
class AssemblySmokeIT {
    @TempDir
    Path data;

    @Test
    void theModulePathAssemblyServesRequestsAndStopsOnSigterm() throws Exception {
        try (AssemblyProcess server = AssemblyProcess.start(Map.of(
                "TENANTRY_DATA_DIR", data.toString(),
                "TENANTRY_ADMIN_KEY", RunningServer.ADMIN_KEY,
                "TENANTRY_ISOLATION_MODE", "in-process"))) {
            Http http = server.http;
            assertThat(http.get("/ready", null).status()).isEqualTo(200);
            Http.Answer created = http.post("/v1/tenants", RunningServer.ADMIN_KEY,
                    "{\"id\":\"smoke\",\"name\":\"Smoke\",\"tier\":\"starter\"}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            Http.Answer run = http.post("/v1/executions", created.json().get("apiKey").asText(), "{\"code\":\"1 + 1\"}");
            assertThat(run.status()).as(run.body()).isEqualTo(200);
            assertThat(run.json().get("result").asInt()).isEqualTo(2);

            // 143 = 128 + SIGTERM: the JVM ran its shutdown hooks (the graceful stop) and exited.
            assertThat(server.stop()).as(server.output()).isEqualTo(143);
        }
    }
}
