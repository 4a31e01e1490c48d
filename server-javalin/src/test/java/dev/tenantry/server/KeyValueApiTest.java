package dev.tenantry.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;

import static dev.tenantry.server.RunningServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/** A tenant's key-value data over real HTTP: reads, writes, pages, limits, isolation and every bad request. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyValueApiTest {
    private RunningServer running;
    private Http http;
    private String a;
    private String b;

    @BeforeAll
    void start() {
        running = RunningServer.start("");
        http = running.http;
        a = running.tenant("kv-a", "business");
        b = running.tenant("kv-b", "business");
    }

    @AfterAll
    void stop() {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void storesAndReadsBackAnyJsonValueUnderAKeyWithSlashes() {
        Http.Answer put = http.put("/v1/kv/orders/2026/11", a, "{\"total\": 12.5, \"items\": [1, 2], \"ok\": true}");
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().get("key").asText()).isEqualTo("orders/2026/11");
        assertThat(put.json().get("usage").get("objects").asLong()).isPositive();

        Http.Answer get = http.get("/v1/kv/orders/2026/11", a);

        assertThat(get.status()).isEqualTo(200);
        assertThat(get.json().get("value").toString()).isEqualTo("{\"total\":12.5,\"items\":[1,2],\"ok\":true}");
    }

    @Test
    void aValueWrittenByAScriptIsReadOverHttpAndTheOtherWayRound() {
        assertThat(http.post("/v1/executions", a, "{\"code\":\"(async () => { await kv.put('from-script', {n: 7}); return 1; })()\"}").status())
                .isEqualTo(200);
        assertThat(http.get("/v1/kv/from-script", a).json().get("value").get("n").asInt()).isEqualTo(7);

        http.put("/v1/kv/from-http", a, "[\"x\"]");
        Http.Answer run = http.post("/v1/executions", a, "{\"code\":\"(async () => (await kv.get('from-http'))[0])()\"}");
        assertThat(run.json().get("result").asText()).isEqualTo("x");
    }

    @Test
    void listsByPrefixInKeyOrderOnePageAtATime() {
        for (String k : List.of("page/c", "page/a", "page/b", "other/z")) {
            assertThat(http.put("/v1/kv/" + k, a, "\"" + k + "\"").status()).isEqualTo(200);
        }
        Http.Answer first = http.get("/v1/kv?prefix=page/&limit=2", a);
        assertThat(keys(first.json())).containsExactly("page/a", "page/b");
        assertThat(first.json().get("next").asText()).isEqualTo("page/b");

        Http.Answer second = http.get("/v1/kv?prefix=page/&limit=2&after=page/b", a);

        assertThat(keys(second.json())).containsExactly("page/c");
        assertThat(second.json().has("next")).isFalse();
    }

    @Test
    void deletesAndThenAnswers404() {
        http.put("/v1/kv/short-lived", a, "1");

        assertThat(http.delete("/v1/kv/short-lived", a).status()).isEqualTo(204);
        assertProblem(http.get("/v1/kv/short-lived", a), 404);
        assertProblem(http.delete("/v1/kv/short-lived", a), 404);
    }

    @Test
    void anotherTenantsKeyIsAnswered404ExactlyLikeAMissingKey() {
        http.put("/v1/kv/secret", a, "\"of a\"");

        Http.Answer foreign = http.get("/v1/kv/secret", b);
        Http.Answer missing = http.get("/v1/kv/never-written", b);

        assertProblem(foreign, 404);
        assertThat(foreign.body()).isEqualTo(missing.body());
        assertThat(http.get("/v1/kv/../kv-a/secret", b).body()).doesNotContain("of a");
        assertThat(http.get("/v1/kv?prefix=", b).body()).doesNotContain("of a").doesNotContain("secret");
        assertProblem(http.delete("/v1/kv/secret", b), 404);
        assertThat(http.get("/v1/kv/secret", a).json().get("value").asText()).isEqualTo("of a");
    }

    @Test
    void theAdminReadsATenantsDataUnderItsId() {
        http.put("/v1/kv/for-admin", a, "42");

        assertThat(http.get("/v1/tenants/kv-a/kv/for-admin", ADMIN_KEY).json().get("value").asInt()).isEqualTo(42);
        assertThat(keys(http.get("/v1/tenants/kv-a/kv?prefix=for-", ADMIN_KEY).json())).containsExactly("for-admin");
        assertProblem(http.get("/v1/tenants/nobody/kv", ADMIN_KEY), 404);
    }

    @Test
    void malformedJsonIsA400NamingTheBody() {
        Http.Answer r = http.put("/v1/kv/bad", a, "{\"unclosed\": ");

        assertProblem(r, 400);
        assertThat(r.json().get("field").asText()).isEqualTo("body");
        assertProblem(http.put("/v1/kv/bad", a, ""), 400);
    }

    @Test
    void badQueryParametersAre400NamingThem() {
        Http.Answer limit = http.get("/v1/kv?limit=many", a);
        assertProblem(limit, 400);
        assertThat(limit.json().get("field").asText()).isEqualTo("limit");
        assertProblem(http.get("/v1/kv?limit=0", a), 400);
        assertProblem(http.get("/v1/kv?limit=1001", a), 400);
    }

    @Test
    void aKeyOver512CharactersIsA400NamingTheKey() {
        Http.Answer r = http.put("/v1/kv/" + "k".repeat(513), a, "1");

        assertProblem(r, 400);
        assertThat(r.json().get("field").asText()).isEqualTo("key");
        assertThat(http.put("/v1/kv/" + "k".repeat(512), a, "1").status()).isEqualTo(200);
    }

    @Test
    void aValueOverTheObjectSizeLimitIs413WithTheLimit() {
        String small = tenantWithLimits("kv-small", "{\"object-size\":\"64\"}");

        Http.Answer r = http.put("/v1/kv/big", small, "\"" + "x".repeat(100) + "\"");

        assertProblem(r, 413);
        assertThat(r.json().get("limitType").asText()).isEqualTo("object_size");
        assertThat(r.json().get("limit").asLong()).isEqualTo(64);
        assertProblem(http.get("/v1/kv/big", small), 404);
    }

    @Test
    void aWriteOverTheObjectCountIs429WithTheLimitAndChangesNothing() {
        String few = tenantWithLimits("kv-few", "{\"storage-objects\":\"2\"}");
        http.put("/v1/kv/one", few, "1");
        http.put("/v1/kv/two", few, "2");

        Http.Answer r = http.put("/v1/kv/three", few, "3");

        assertProblem(r, 429);
        assertThat(r.json().get("limitType").asText()).isEqualTo("storage_objects");
        assertThat(r.json().get("limit").asLong()).isEqualTo(2);
        assertThat(http.put("/v1/kv/two", few, "22").status()).as("replacing stays within the count").isEqualTo(200);
        assertThat(keys(http.get("/v1/kv", few).json())).containsExactly("one", "two");
    }

    @Test
    void aBodyOverOneMebibyteIs413() {
        Http.Answer r = http.put("/v1/kv/huge", a, "\"" + "x".repeat(1 << 20) + "\"");

        assertProblem(r, 413);
    }

    @Test
    void theAdminKeyCannotUseTheTenantRoutes() {
        assertProblem(http.get("/v1/kv", ADMIN_KEY), 403);
    }

    private String tenantWithLimits(String id, String limits) {
        Http.Answer created = http.post("/v1/tenants", ADMIN_KEY, "{\"id\":\"" + id + "\",\"name\":\"" + id
                + "\",\"tier\":\"starter\",\"limits\":" + limits + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("apiKey").asText();
    }

    private static List<String> keys(JsonNode page) {
        List<String> keys = new ArrayList<>();
        page.get("items").forEach(i -> keys.add(i.get("key").asText()));
        return keys;
    }

    private static void assertProblem(Http.Answer r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("status").asInt()).isEqualTo(status);
    }
}
