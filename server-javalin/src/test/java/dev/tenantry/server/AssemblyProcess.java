package dev.tenantry.server;

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
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built assembly running in its own JVM exactly as {@code ./tenantry serve} starts it — {@code java -p
 * target/lib -m dev.tenantry.server/dev.tenantry.server.Main} — on a free port, configured through the
 * environment. Only for tests that run after {@code package} (the {@code *IT} classes).
 */
final class AssemblyProcess implements AutoCloseable {
    final Process process;
    final Http http;
    private final List<String> output;

    private AssemblyProcess(Process process, int port, List<String> output) {
        this.process = process;
        this.http = new Http(port);
        this.output = output;
    }

    /**
     * Starts the assembly with {@code environment} added to this JVM's and waits until it says it is ready.
     *
     * @param environment {@code TENANTRY_...} variables; {@code TENANTRY_PORT} is chosen here
     */
    static AssemblyProcess start(Map<String, String> environment) throws Exception {
        Path lib = Path.of("target", "lib").toAbsolutePath();
        String main = Files.readString(lib.resolve(".main")).strip();
        String java = ProcessHandle.current().info().command().orElse("java");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(java, "-p", lib.toString(), "-m", main).redirectErrorStream(true);
        pb.environment().putAll(environment);
        pb.environment().put("TENANTRY_PORT", Integer.toString(port));
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
        AssemblyProcess started = new AssemblyProcess(process, port, output);
        // A bound on waiting for the JVM to boot, not a timing assertion.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        boolean isReady = false;
        while (!isReady && process.isAlive() && System.nanoTime() < deadline) {
            isReady = ready.await(200, TimeUnit.MILLISECONDS);
        }
        if (!isReady) {
            reader.join(2_000);
            process.destroyForcibly();
        }
        assertThat(isReady).as(started.output()).isTrue();
        return started;
    }

    /** {@return everything the process printed so far, for assertion messages} */
    String output() {
        return String.join("\n", output);
    }

    /** Stops the process with SIGTERM and {@return its exit code}, failing if it does not stop in time. */
    int stop() throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output()).isTrue();
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
