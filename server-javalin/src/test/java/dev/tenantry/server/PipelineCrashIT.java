package dev.tenantry.server;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Usage the platform acknowledged is usage kept, end to end: the reference server runs in its own JVM on its
 * shipped configuration (GraalJS in worker processes, the jdbc stores) while clients send it executions over
 * HTTP and write down the id of every one it answered. The server is killed with SIGKILL mid-run, with
 * requests in flight. Then every answered execution has exactly one usage row; the only other rows are
 * executions in flight at the kill (at most one per client); no worker process outlives the server; and the
 * restarted server counts every stored execution once.
 */
class PipelineCrashIT {
    private static final int CLIENTS = 8;
    private static final int ANSWERED_BEFORE_KILL = 300;
    private static final String ALL_TIME = "from=2020-01-01T00:00:00Z&to=2100-01-01T00:00:00Z";

    @TempDir
    Path data;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "mysql"})
    void everyAnsweredExecutionHasExactlyOneUsageRowAfterTheServerIsKilled(String kind) throws Exception {
        Map<String, String> environment = new HashMap<>(Map.of(
                "TENANTRY_DATA_DIR", data.toString(),
                "TENANTRY_ADMIN_KEY", RunningServer.ADMIN_KEY));
        String jdbcUrl;
        if (kind.equals("mysql")) {
            jdbcUrl = TestMysql.url();
            environment.put("TENANTRY_DB_URL", jdbcUrl);
        } else {
            jdbcUrl = "jdbc:h2:file:" + data.toAbsolutePath().resolve("tenantry");
        }
        // The database may be shared with other tests: everything here is about a tenant of this run's own.
        String tenant = "crash-" + UUID.randomUUID().toString().substring(0, 8);
        Path answeredFile = data.resolve("answered.txt");

        List<ProcessHandle> workers;
        try (AssemblyProcess server = AssemblyProcess.start(environment)) {
            Http.Answer created = server.http.post("/v1/tenants", RunningServer.ADMIN_KEY,
                    "{\"id\":\"" + tenant + "\",\"name\":\"Crash\",\"tier\":\"enterprise\"}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String apiKey = created.json().get("apiKey").asText();

            List<String> refused = new ArrayList<>();
            AtomicBoolean killed = new AtomicBoolean();
            List<Thread> clients = new ArrayList<>();
            try (BufferedWriter answered = Files.newBufferedWriter(answeredFile, StandardCharsets.UTF_8)) {
                for (int c = 0; c < CLIENTS; c++) {
                    clients.add(Thread.ofPlatform().start(() -> sendUntilKilled(server.http, apiKey, answered, refused,
                            killed)));
                }
                waitForAnswers(server, answeredFile);
                workers = server.process.descendants().toList();
                killed.set(true);
                server.process.destroyForcibly(); // SIGKILL: no shutdown hook, no drain, requests in flight
                assertThat(server.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
                for (Thread client : clients) {
                    client.join(TimeUnit.SECONDS.toMillis(90));
                    assertThat(client.isAlive()).as("a client still waiting for the killed server").isFalse();
                }
            }
            assertThat(refused).as("answers other than a successful execution before the kill").isEmpty();
        }

        assertThat(workers).as("worker processes of the server").isNotEmpty();
        for (ProcessHandle worker : workers) {
            // A worker exits when its supervisor's end of the pipe closes; this bounds the wait for it.
            worker.onExit().get(30, TimeUnit.SECONDS);
        }

        Set<String> acknowledged = new HashSet<>(Files.readAllLines(answeredFile, StandardCharsets.UTF_8));
        Map<String, Integer> rows = UsageRows.perEventId(jdbcUrl, tenant);
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(ANSWERED_BEFORE_KILL);
        for (String id : acknowledged) {
            assertThat(rows.get(id)).as("usage rows of answered execution " + id).isEqualTo(1);
        }
        // An execution whose usage committed just before the kill, but whose answer never left: each client
        // waits for one answer at a time, so there are at most as many of them as clients.
        assertThat(rows.size()).isBetween(acknowledged.size(), acknowledged.size() + CLIENTS);

        try (AssemblyProcess restarted = AssemblyProcess.start(environment)) {
            Http.Answer usage = restarted.http.get("/v1/tenants/" + tenant + "/usage?" + ALL_TIME,
                    RunningServer.ADMIN_KEY);
            assertThat(usage.status()).as(usage.body()).isEqualTo(200);
            assertThat(usage.json().get("total").get("executions").asLong())
                    .as("executions the restarted server counts").isEqualTo(rows.size());
            assertThat(restarted.stop()).as(restarted.output()).isEqualTo(143);
        }
    }

    /**
     * One client: runs a small script again and again, and appends the id of each execution the server
     * answered as succeeded, only after the answer arrived. Stops at the first failed connection after the kill.
     */
    private static void sendUntilKilled(Http http, String apiKey, BufferedWriter answered, List<String> refused,
                                        AtomicBoolean killed) {
        String body = "{\"code\":\"let s = 0; for (let i = 0; i < 1000; i++) { s += i; } s\"}";
        while (true) {
            Http.Answer answer;
            try {
                answer = http.post("/v1/executions", apiKey, body);
            } catch (UncheckedIOException e) {
                if (killed.get()) {
                    return;
                }
                throw e;
            }
            if (answer.status() != 200 || !"succeeded".equals(answer.json().get("status").asText())) {
                if (!killed.get()) {
                    refused.add(answer.status() + " " + answer.body());
                }
                continue;
            }
            assertThat(answer.json().get("result").asLong()).isEqualTo(499_500);
            try {
                synchronized (answered) {
                    answered.write(answer.json().get("id").asText());
                    answered.write('\n');
                    answered.flush();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void waitForAnswers(AssemblyProcess server, Path answeredFile) throws Exception {
        // A bound on waiting for the executions, not a timing assertion.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            assertThat(server.process.isAlive()).as(server.output()).isTrue();
            try (Stream<String> lines = Files.lines(answeredFile)) {
                if (lines.count() >= ANSWERED_BEFORE_KILL) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("fewer than " + ANSWERED_BEFORE_KILL + " executions answered in 180 s:\n"
                + server.output());
    }
}
