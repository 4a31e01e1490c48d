package dev.tenantry.server;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
        Path lib = Path.of("target", "lib").toAbsolutePath();
        String main = Files.readString(lib.resolve(".main")).strip();
        String java = ProcessHandle.current().info().command().orElse("java");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(java, "-p", lib.toString(), "-m", main).redirectErrorStream(true);
        pb.environment().put("TENANTRY_PORT", Integer.toString(port));
        pb.environment().put("TENANTRY_DATA_DIR", data.toString());
        pb.environment().put("TENANTRY_ADMIN_KEY", RunningServer.ADMIN_KEY);
        pb.environment().put("TENANTRY_ISOLATION_MODE", "in-process");
        Process process = pb.start();
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    output.add(line);
                    if (line.contains("Tenantry is ready at")) {
                        ready.countDown();
                    }
                }
            } catch (IOException e) {
                output.add("(output lost: " + e + ")");
            }
        });
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            boolean started = false;
            while (!started && process.isAlive() && System.nanoTime() < deadline) {
                started = ready.await(200, TimeUnit.MILLISECONDS);
            }
            if (!started) {
                reader.join(2_000);
            }
            if (!started && String.join("\n", output).contains("isolation.provider")) {
                Assumptions.abort("no isolation provider in the assembly yet: " + String.join("\n", output));
            }
            assertThat(started).as(String.join("\n", output)).isTrue();
            Http http = new Http(port);
            assertThat(http.get("/ready", null).status()).isEqualTo(200);
            Http.Answer created = http.post("/v1/tenants", RunningServer.ADMIN_KEY,
                    "{\"id\":\"smoke\",\"name\":\"Smoke\",\"tier\":\"starter\"}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            Http.Answer run = http.post("/v1/executions", created.json().get("apiKey").asText(), "{\"code\":\"1 + 1\"}");
            assertThat(run.status()).as(run.body()).isEqualTo(200);
            assertThat(run.json().get("result").asInt()).isEqualTo(2);

            process.destroy(); // SIGTERM
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(String.join("\n", output)).isTrue();
            // 143 = 128 + SIGTERM: the JVM ran its shutdown hooks (the graceful stop) and exited.
            assertThat(process.exitValue()).as(String.join("\n", output)).isEqualTo(143);
        } finally {
            process.destroyForcibly();
        }
    }
}
