package dev.tenantry.benchmarks.http;

import dev.tenantry.server.ApiServer;
import dev.tenantry.server.Main;
import io.javalin.Javalin;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Load over HTTP: trivial executions ({@code POST /v1/executions {"code":"1 + 1"}}) against the real
 * server, and the same request against a bare Javalin route that only answers (the floor), at rising
 * concurrency. Prints throughput, p50, p99 and the count of 5xx per level. Both servers run in this JVM,
 * the clients too, so the numbers are for one machine end to end.
 *
 * <pre>
 * java -cp ... dev.tenantry.benchmarks.http.HttpLoad [--seconds 10] [--warmup 5] [--levels 1,8,32,64]
 *     [--mode in-process|process] [--workers N] [--stores memory|jdbc]
 * </pre>
 */
public final class HttpLoad {
    private static final String ADMIN_KEY = "benchmark-admin-key-0123456789";
    private static final String BODY = "{\"code\":\"1 + 1\"}";

    private HttpLoad() {
    }

    /** One level's outcome. */
    record Result(String target, int clients, long requests, long serverErrors, long otherErrors, double seconds,
                  long p50Micros, long p99Micros) {
        double throughput() {
            return requests / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = 10;
        int warmup = 5;
        int[] levels = {1, 8, 32, 64};
        String mode = "in-process";
        String stores = "memory";
        String quotaStore = null;
        int workers = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--levels" -> levels = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--mode" -> mode = args[i + 1];
                case "--workers" -> workers = Integer.parseInt(args[i + 1]);
                case "--stores" -> stores = args[i + 1];
                case "--quota-store" -> quotaStore = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (!stores.equals("memory") && !stores.equals("jdbc")) {
            throw new IllegalArgumentException("--stores must be memory or jdbc, not " + stores);
        }
        Path dir = Files.createTempDirectory("tenantry-http-load");
        Path config = dir.resolve("tenantry.yaml");
        // Limits generous enough that admission never rejects: the benchmark measures the path, not quotas.
        Files.writeString(config, """
                platform: { data-dir: %s, workers: %d }
                server: { port: 0, admin-key: %s }
                isolation: { provider: graaljs, mode: %s }
                scheduler: { provider: fair }
                quotas: { provider: standard, state-store: %s }
                metering: { provider: %s }
                tenants: { store: %s }
                data: { store: %s }
                billing: { provider: rules }
                """.formatted(dir.resolve("data"), workers, ADMIN_KEY, mode, quotaStore == null ? stores : quotaStore, stores,
                stores, stores));
        System.out.printf("isolation %s, %d workers, %s stores%s%n", mode, workers, stores,
                stores.equals("jdbc") ? " (the embedded H2 file database of the shipped configuration)" : "");
        Javalin bare = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.concurrency.useVirtualThreads = true;
            c.routes.post("/bare", ctx -> ctx.contentType("application/json").result("{\"result\":2}"));
        }).start(0);
        ApiServer server = Main.start(Optional.of(config), Map.of(), Clock.systemUTC());
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            String key = createTenant(client, server.port());
            URI tenantry = URI.create("http://127.0.0.1:" + server.port() + "/v1/executions");
            URI floor = URI.create("http://127.0.0.1:" + bare.port() + "/bare");
            System.out.printf("warming up %ds each...%n", warmup);
            run(client, floor, "", 8, warmup, "bare");
            run(client, tenantry, key, 8, warmup, "tenantry");
            List<Result> results = new ArrayList<>();
            for (int level : levels) {
                results.add(run(client, floor, "", level, seconds, "bare javalin"));
                results.add(run(client, tenantry, key, level, seconds, "tenantry"));
            }
            System.out.printf("%n%-14s %7s %10s %9s %9s %5s %6s%n", "target", "clients", "req/s", "p50 ms", "p99 ms",
                    "5xx", "other");
            for (Result r : results) {
                System.out.printf("%-14s %7d %10.0f %9.2f %9.2f %5d %6d%n", r.target(), r.clients(), r.throughput(),
                        r.p50Micros() / 1000.0, r.p99Micros() / 1000.0, r.serverErrors(), r.otherErrors());
            }
        } finally {
            server.close();
            bare.stop();
        }
    }

    private static String createTenant(HttpClient client, int port) throws IOException, InterruptedException {
        String body = "{\"id\":\"load\",\"name\":\"Load\",\"tier\":\"custom\",\"limits\":{\"executions-per-minute\":\"100000000\","
                + "\"burst\":\"100000000\",\"daily-executions\":\"1000000000\",\"monthly-executions\":\"1000000000\","
                + "\"max-concurrent\":\"1024\",\"max-queued\":\"100000\"}}";
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/tenants"))
                .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("cannot create the load tenant: " + r.body());
        }
        String text = r.body();
        int at = text.indexOf("\"apiKey\":\"") + 10;
        return text.substring(at, text.indexOf('"', at));
    }

    private static Result run(HttpClient client, URI uri, String key, int clients, int seconds, String target)
            throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        LongAdder serverErrors = new LongAdder();
        LongAdder otherErrors = new LongAdder();
        AtomicLong started = new AtomicLong(System.nanoTime());
        List<long[]> perClient = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        int[] counts = new int[clients];
        for (int c = 0; c < clients; c++) {
            long[] latencies = new long[4_000_000 / Math.max(1, clients)];
            perClient.add(latencies);
            int index = c;
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(BODY));
            if (!key.isEmpty()) {
                b.header("Authorization", "Bearer " + key);
            }
            HttpRequest request = b.build();
            threads.add(Thread.ofPlatform().start(() -> {
                int n = 0;
                while (System.nanoTime() < end && n < latencies.length) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() >= 500) {
                            serverErrors.increment();
                        } else if (r.statusCode() != 200) {
                            otherErrors.increment();
                        }
                    } catch (IOException e) {
                        otherErrors.increment();
                    } catch (InterruptedException e) {
                        return;
                    }
                    latencies[n++] = (System.nanoTime() - t0) / 1000;
                }
                counts[index] = n;
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - started.get()) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(perClient.get(c), 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        long p50 = total == 0 ? 0 : all[(int) (total * 0.50)];
        long p99 = total == 0 ? 0 : all[Math.min(total - 1, (int) (total * 0.99))];
        return new Result(target, clients, total, serverErrors.sum(), otherErrors.sum(), elapsed, p50, p99);
    }
}
