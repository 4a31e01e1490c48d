package dev.tenantry.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.InputStream;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.tenantry.server.RunningServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiTest {
    private RunningServer running;
    private Http http;

    @BeforeAll
    void start() {
        running = RunningServer.start("");
        http = running.http;
    }

    @AfterAll
    void stop() {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void readmeTourCreatesATenantRunsCodeAndShowsUsageAndAnInvoice() {
        Http.Answer created = http.post("/v1/tenants", ADMIN_KEY,
                "{\"id\":\"tour\",\"name\":\"Tour Inc\",\"tier\":\"starter\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().at("/tenant/tier").asText()).isEqualTo("starter");
        String key = created.json().get("apiKey").asText();
        assertThat(key).startsWith("tnt_");

        Http.Answer run = http.post("/v1/executions", key, "{\"code\":\"args.a + args.b\",\"args\":{\"a\":1,\"b\":2}}");
        assertThat(run.status()).isEqualTo(200);
        assertThat(run.json().get("status").asText()).isEqualTo("succeeded");
        assertThat(run.json().get("result").asInt()).isEqualTo(3);
        assertThat(run.json().get("usage").has("cpuMillis")).isTrue();

        Http.Answer usage = http.get("/v1/usage?granularity=day", key);
        assertThat(usage.status()).isEqualTo(200);
        assertThat(usage.json().at("/total/executions").asLong()).isEqualTo(1);

        String month = YearMonth.now(ZoneOffset.UTC).toString();
        Http.Answer invoice = http.get("/v1/invoices/" + month, key);
        assertThat(invoice.status()).isEqualTo(200);
        assertThat(invoice.json().get("tenant").asText()).isEqualTo("tour");
        assertThat(invoice.json().has("total")).isTrue();
    }

    @Test
    void asyncExecutionAnswers202AndCanBePolledByItsTenantOnly() throws Exception {
        String a = running.tenant("async-a", "professional");
        String b = running.tenant("async-b", "professional");
        Http.Answer accepted = http.post("/v1/executions?mode=async", a, "{\"code\":\"6 * 7\"}");
        assertThat(accepted.status()).isEqualTo(202);
        String id = accepted.json().get("id").asText();

        JsonNode polled = http.get("/v1/executions/" + id, a).json();
        for (int i = 0; i < 500 && polled.get("status").asText().equals("pending"); i++) {
            Thread.sleep(20);
            polled = http.get("/v1/executions/" + id, a).json();
        }
        assertThat(polled.get("status").asText()).isEqualTo("succeeded");
        assertThat(polled.get("result").asInt()).isEqualTo(42);

        Http.Answer foreign = http.get("/v1/executions/" + id, b);
        Http.Answer missing = http.get("/v1/executions/no-such-execution", b);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.body()).isEqualTo(missing.body());
    }

    @Test
    void batchAnswersEachItemInOrder() {
        String key = running.tenant("batcher", "professional");
        Http.Answer r = http.post("/v1/batches", key,
                "{\"items\":[{\"code\":\"1\"},{\"code\":\"throw new Error('x')\"},{\"code\":\"3\"}]}");
        assertThat(r.status()).isEqualTo(200);
        JsonNode results = r.json().get("results");
        assertThat(results).hasSize(3);
        assertThat(results.get(0).get("result").asInt()).isEqualTo(1);
        assertThat(results.get(1).get("status").asText()).isEqualTo("failed");
        assertThat(results.get(2).get("result").asInt()).isEqualTo(3);
    }

    @Test
    void concurrentRepeatsOfOneIdempotencyKeyRunOnceAndGetTheFirstAnswer() throws Exception {
        String key = running.tenant("idem", "business");
        String body = "{\"code\":\"Math.random()\"}";
        List<Future<Http.Answer>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> http.post("/v1/executions", key, body, "same-key")));
            }
        }
        Set<String> bodies = new HashSet<>();
        for (Future<Http.Answer> f : answers) {
            assertThat(f.get().status()).isEqualTo(200);
            bodies.add(f.get().body());
        }
        assertThat(bodies).hasSize(1);
        assertThat(http.get("/v1/usage", key).json().at("/total/executions").asLong()).isEqualTo(1);
    }

    @Test
    void sameIdempotencyKeyWithAnotherBodyIs422() {
        String key = running.tenant("idem-conflict", "professional");
        assertThat(http.post("/v1/executions", key, "{\"code\":\"1\"}", "k1").status()).isEqualTo(200);
        Http.Answer conflict = http.post("/v1/executions", key, "{\"code\":\"2\"}", "k1");
        assertThat(conflict.status()).isEqualTo(422);
        assertThat(conflict.contentType()).startsWith("application/problem+json");
    }

    @Test
    void idempotencyKeysAreScopedPerCaller() {
        String a = running.tenant("scope-a", "professional");
        String b = running.tenant("scope-b", "professional");
        Http.Answer fromA = http.post("/v1/executions", a, "{\"code\":\"'a'\"}", "shared");
        Http.Answer fromB = http.post("/v1/executions", b, "{\"code\":\"'a'\"}", "shared");
        assertThat(fromA.json().get("id").asText()).isNotEqualTo(fromB.json().get("id").asText());
        assertThat(http.get("/v1/usage", b).json().at("/total/executions").asLong()).isEqualTo(1);
    }

    @Test
    void malformedJsonIs400NamingTheBody() {
        String key = running.tenant("malformed", "starter");
        Http.Answer r = http.post("/v1/executions", key, "{\"code\": ");
        assertProblem(r, 400);
        assertThat(r.json().get("field").asText()).isEqualTo("body");
    }

    @Test
    void wrongTypeIs400NamingTheField() {
        String key = running.tenant("wrong-type", "starter");
        Http.Answer r = http.post("/v1/executions", key, "{\"code\": 42}");
        assertProblem(r, 400);
        assertThat(r.json().get("field").asText()).isEqualTo("code");
        Http.Answer batch = http.post("/v1/batches", key, "{\"items\":[{\"code\":\"1\"},{\"code\":true}]}");
        assertThat(batch.json().get("field").asText()).isEqualTo("items[1].code");
    }

    @Test
    void badLimitOverrideIs400NamingItsPath() {
        Http.Answer r = http.post("/v1/tenants", ADMIN_KEY,
                "{\"id\":\"bad-limits\",\"name\":\"B\",\"tier\":\"starter\",\"limits\":{\"cpu-time\":\"fast\"}}");
        assertProblem(r, 400);
        assertThat(r.json().get("field").asText()).isEqualTo("limits.cpu-time");
    }

    @Test
    void bodyOverTheLimitIs413() {
        String key = running.tenant("large", "starter");
        String code = "'" + "x".repeat((int) ApiServer.MAX_BODY_BYTES) + "'";
        assertProblem(http.post("/v1/executions", key, "{\"code\":\"" + code + "\"}"), 413);
    }

    @Test
    void unknownRouteIs404Problem() {
        assertProblem(http.get("/v1/nothing-here", ADMIN_KEY), 404);
    }

    @Test
    void rateLimitRejectionIs429WithRetryAfterAndLimitType() {
        Http.Answer created = http.post("/v1/tenants", ADMIN_KEY, "{\"id\":\"limited\",\"name\":\"L\",\"tier\":\"custom\","
                + "\"limits\":{\"executions-per-minute\":\"1\",\"burst\":\"0\"}}");
        assertThat(created.status()).isEqualTo(201);
        String key = created.json().get("apiKey").asText();
        assertThat(http.post("/v1/executions", key, "{\"code\":\"1\"}").status()).isEqualTo(200);
        Http.Answer r = http.post("/v1/executions", key, "{\"code\":\"1\"}");
        assertProblem(r, 429);
        assertThat(r.json().get("limitType").asText()).isEqualTo("rate_limit");
        assertThat(r.header("Retry-After")).isPresent();
    }

    @Test
    void healthReadyAndMetricsAnswerWithoutAKey() {
        assertThat(http.get("/health", null).status()).isEqualTo(200);
        assertThat(http.get("/ready", null).status()).isEqualTo(200);
        String key = running.tenant("metered", "starter");
        http.post("/v1/executions", key, "{\"code\":\"1\"}");
        Http.Answer metrics = http.get("/metrics", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("tenantry_executions_total").contains("tier=\"starter\"")
                .containsPattern("(?m)^tenantry_queue_depth [0-9.]+$");
    }

    @Test
    void everyRouteIsInTheOpenApiDocument() throws Exception {
        JsonNode doc;
        try (InputStream in = ApiServer.class.getResourceAsStream("openapi.json")) {
            doc = new ObjectMapper().readTree(in);
        }
        assertThat(http.get("/openapi.json", null).json()).isEqualTo(doc);
        List<String> served = new ArrayList<>(running.server.routes().stream()
                .map(r -> r.method().name().toLowerCase(Locale.ROOT) + " " + r.path().replaceAll("<([a-zA-Z]+)>", "{$1}"))
                .toList());
        served.addAll(List.of("get /openapi.json", "get /docs", "get /v1/events"));
        List<String> documented = new ArrayList<>();
        doc.get("paths").properties().forEach(p -> p.getValue().fieldNames()
                .forEachRemaining(m -> documented.add(m + " " + p.getKey())));
        assertThat(documented).containsExactlyInAnyOrderElementsOf(served);
        assertThat(http.get("/docs", null).body()).contains("/openapi.json");
    }

    private static void assertProblem(Http.Answer r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("type").asText()).startsWith(ApiProblem.TYPE_BASE);
        assertThat(p.has("title")).isTrue();
        assertThat(p.has("detail")).isTrue();
    }

}
