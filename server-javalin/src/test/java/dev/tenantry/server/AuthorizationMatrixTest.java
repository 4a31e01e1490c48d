package dev.tenantry.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static dev.tenantry.server.RunningServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint called by six callers — no key, a bad key, a revoked key, tenant A, tenant B and the
 * admin — each with the status it must answer. Resources named in paths belong to tenant A.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTest {
    private static final String MONTH = YearMonth.now(ZoneOffset.UTC).toString();
    private RunningServer running;
    private final Map<String, Optional<String>> keys = new java.util.HashMap<>();
    private String executionOfA;
    private String spareKeyToRotate;
    private String spareKeyToRevoke;
    private String exportOfMovable;

    @BeforeAll
    void start() {
        running = RunningServer.start("");
        String a = running.tenant("a", "business");
        String b = running.tenant("b", "business");
        running.tenant("victim", "starter");
        Http http = running.http;
        String revoked = http.post("/v1/tenants/a/keys", ADMIN_KEY, "{}").json().get("apiKey").asText();
        String revokedId = revoked.substring(4, revoked.indexOf('.'));
        assertThat(http.send("DELETE", "/v1/tenants/a/keys/" + revokedId, Optional.of(ADMIN_KEY), Optional.empty(),
                Map.of()).status()).isEqualTo(204);
        spareKeyToRotate = http.post("/v1/tenants/a/keys", ADMIN_KEY, "{}").json().get("keyId").asText();
        spareKeyToRevoke = http.post("/v1/tenants/a/keys", ADMIN_KEY, "{}").json().get("keyId").asText();
        executionOfA = http.post("/v1/executions", a, "{\"code\":\"1\"}").json().get("id").asText();
        assertThat(http.put("/v1/kv/greeting", a, "\"hello\"").status()).isEqualTo(200);
        assertThat(http.put("/v1/kv/deletable", a, "1").status()).isEqualTo(200);
        // A tenant exported and deleted, so the admin's import in the matrix creates it anew.
        running.tenant("movable", "starter");
        exportOfMovable = http.get("/v1/tenants/movable/export", ADMIN_KEY).body();
        assertThat(http.delete("/v1/tenants/movable", ADMIN_KEY).status()).isEqualTo(204);
        keys.put("none", Optional.empty());
        keys.put("bad", Optional.of("tnt_nosuchkey.nosuchsecret"));
        keys.put("revoked", Optional.of(revoked));
        keys.put("tenantA", Optional.of(a));
        keys.put("tenantB", Optional.of(b));
        keys.put("admin", Optional.of(ADMIN_KEY));
    }

    @AfterAll
    void stop() {
        if (running != null) {
            running.close();
        }
    }

    private static final List<String> CALLERS = List.of("none", "bad", "revoked", "tenantA", "tenantB", "admin");

    /** method, path, body, then the statuses for none, bad, revoked, tenant A, tenant B, admin. */
    static Stream<Arguments> matrix() {
        Object[][] rows = {
            {"GET", "/health", null, 200, 200, 200, 200, 200, 200},
            {"GET", "/ready", null, 200, 200, 200, 200, 200, 200},
            {"GET", "/metrics", null, 200, 200, 200, 200, 200, 200},
            {"GET", "/openapi.json", null, 200, 200, 200, 200, 200, 200},
            {"GET", "/docs", null, 200, 200, 200, 200, 200, 200},
            {"POST", "/v1/tenants", "{\"id\":\"new-one\",\"name\":\"N\",\"tier\":\"starter\"}", 401, 401, 401, 403, 403, 201},
            {"GET", "/v1/tenants", null, 401, 401, 401, 403, 403, 200},
            {"GET", "/v1/tenants/a", null, 401, 401, 401, 403, 403, 200},
            {"PATCH", "/v1/tenants/a", "{\"name\":\"A renamed\"}", 401, 401, 401, 403, 403, 200},
            {"DELETE", "/v1/tenants/victim", null, 401, 401, 401, 403, 403, 204},
            {"GET", "/v1/tenants/a/keys", null, 401, 401, 401, 403, 403, 200},
            {"POST", "/v1/tenants/a/keys", "{}", 401, 401, 401, 403, 403, 201},
            {"POST", "/v1/tenants/a/keys/{rotate}/rotate", "{}", 401, 401, 401, 403, 403, 201},
            {"DELETE", "/v1/tenants/a/keys/{revoke}", null, 401, 401, 401, 403, 403, 204},
            {"GET", "/v1/tenants/a/usage", null, 401, 401, 401, 403, 403, 200},
            {"GET", "/v1/tenants/a/invoices/" + MONTH, null, 401, 401, 401, 403, 403, 200},
            {"GET", "/v1/tenants/a/export", null, 401, 401, 401, 403, 403, 200},
            {"POST", "/v1/tenants/import", "{export}", 401, 401, 401, 403, 403, 201},
            {"GET", "/v1/tenants/a/kv", null, 401, 401, 401, 403, 403, 200},
            {"GET", "/v1/tenants/a/kv/greeting", null, 401, 401, 401, 403, 403, 200},
            {"POST", "/v1/executions", "{\"code\":\"1\"}", 401, 401, 401, 200, 200, 403},
            {"POST", "/v1/executions?mode=async", "{\"code\":\"1\"}", 401, 401, 401, 202, 202, 403},
            {"GET", "/v1/executions", null, 401, 401, 401, 200, 200, 403},
            {"GET", "/v1/executions/{execution}", null, 401, 401, 401, 200, 404, 403},
            {"POST", "/v1/batches", "{\"items\":[{\"code\":\"1\"}]}", 401, 401, 401, 200, 200, 403},
            {"GET", "/v1/usage", null, 401, 401, 401, 200, 200, 403},
            {"GET", "/v1/invoices/" + MONTH, null, 401, 401, 401, 200, 200, 403},
            {"GET", "/v1/limits", null, 401, 401, 401, 200, 200, 403},
            {"GET", "/v1/kv", null, 401, 401, 401, 200, 200, 403},
            {"GET", "/v1/kv/greeting", null, 401, 401, 401, 200, 404, 403},
            {"PUT", "/v1/kv/written", "{\"n\":1}", 401, 401, 401, 200, 200, 403},
            {"DELETE", "/v1/kv/deletable", null, 401, 401, 401, 204, 404, 403},
            {"GET", "/v1/events", null, 401, 401, 401, 200, 200, 200},
        };
        List<Arguments> cells = new ArrayList<>();
        for (Object[] row : rows) {
            for (int i = 0; i < CALLERS.size(); i++) {
                cells.add(Arguments.of(row[0], row[1], row[2], CALLERS.get(i), row[3 + i]));
            }
        }
        return cells.stream();
    }

    @ParameterizedTest(name = "{0} {1} as {3} -> {4}")
    @MethodSource("matrix")
    void eachCallerGetsItsStatus(String method, String path, String body, String caller, int expected) throws Exception {
        String resolved = path.replace("{execution}", executionOfA).replace("{rotate}", spareKeyToRotate)
                .replace("{revoke}", spareKeyToRevoke);
        Optional<String> key = keys.get(caller);
        if (resolved.equals("/v1/events")) {
            assertThat(streamStatus(key)).isEqualTo(expected);
            return;
        }
        String sent = "{export}".equals(body) ? exportOfMovable : body;
        Http.Answer answer = running.http.send(method, resolved, key, Optional.ofNullable(sent), Map.of());
        assertThat(answer.status()).as(answer.body()).isEqualTo(expected);
        if (expected >= 400) {
            assertThat(answer.contentType()).startsWith("application/problem+json");
        }
        if (caller.equals("tenantB")) {
            assertThat(answer.body()).doesNotContain(executionOfA).doesNotContain("\"tenant\":\"a\"")
                    .doesNotContain("hello");
        }
    }

    /** The stream never ends, so only its status is read. */
    private int streamStatus(Optional<String> key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + running.server.port() + "/v1/events"))
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(10));
        key.ifPresent(k -> b.header("Authorization", "Bearer " + k));
        HttpResponse<InputStream> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        r.body().close();
        if (r.statusCode() == 200) {
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("text/event-stream"));
        }
        return r.statusCode();
    }
}
