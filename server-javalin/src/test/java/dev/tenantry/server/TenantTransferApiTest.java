package dev.tenantry.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.tenantry.server.RunningServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tenant moved between two deployments over real HTTP: exported from a server on one H2 file, imported
 * into a server on another H2 file (and into MySQL/MariaDB when {@code TENANTRY_TEST_MYSQL_URL} is set), where
 * its keys, data, tier history and usage are as they were; and every refused import.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantTransferApiTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private RunningServer source;
    private RunningServer target;
    private String key;
    private String revokedKey;
    private String document;

    @BeforeAll
    void moveATenant() {
        source = RunningServer.start(RunningServer.H2_STORES, "");
        target = RunningServer.start(RunningServer.H2_STORES, "");
        key = source.tenant("mover", "starter");
        Http s = source.http;
        revokedKey = s.post("/v1/tenants/mover/keys", ADMIN_KEY, "{}").json().get("apiKey").asText();
        assertThat(s.delete("/v1/tenants/mover/keys/" + keyId(revokedKey), ADMIN_KEY).status()).isEqualTo(204);
        assertThat(s.send("PATCH", "/v1/tenants/mover", java.util.Optional.of(ADMIN_KEY),
                java.util.Optional.of("{\"tier\":\"professional\",\"settings\":{\"industry\":\"retail\"}}"),
                java.util.Map.of()).status()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            assertThat(s.post("/v1/executions", key, "{\"code\":\"(async () => { await kv.put('run-" + i + "', " + i + "); return 1; })()\"}").status())
                    .isEqualTo(200);
        }
        s.put("/v1/kv/nested/path", key, "{\"a\":[1,2,{\"b\":null}]}");
        Http.Answer exported = s.get("/v1/tenants/mover/export", ADMIN_KEY);
        assertThat(exported.status()).as(exported.body()).isEqualTo(200);
        assertThat(exported.header("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).contains("tenant-mover.json"));
        document = exported.body();
    }

    @AfterAll
    void stop() {
        for (RunningServer r : new RunningServer[] {source, target}) {
            if (r != null) {
                r.close();
            }
        }
    }

    @Test
    void theDocumentCarriesACountAndAChecksumPerSection() throws Exception {
        JsonNode doc = MAPPER.readTree(document);

        assertThat(doc.get("format").asText()).isEqualTo("tenantry-tenant-export");
        assertThat(doc.get("version").asInt()).isEqualTo(2);
        JsonNode manifest = doc.get("manifest");
        assertThat(manifest.get("api-keys").get("count").asLong()).isEqualTo(2);
        assertThat(manifest.get("kv").get("count").asLong()).isEqualTo(4);
        assertThat(manifest.get("tier-changes").get("count").asLong()).isEqualTo(1);
        assertThat(manifest.get("usage-events").get("count").asLong()).isEqualTo(3);
        assertThat(manifest.get("usage-hourly").get("count").asLong()).isPositive();
        manifest.properties().forEach(e -> assertThat(e.getValue().get("sha256").asText()).hasSize(64));
        assertThat(document).doesNotContain(key.substring(key.indexOf('.') + 1));
    }

    @Test
    void importsIntoAnotherH2DeploymentWhereEverythingIsAsItWas() throws Exception {
        Http t = target.http;

        Http.Answer imported = t.post("/v1/tenants/import", ADMIN_KEY, document);

        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        assertThat(imported.header("Location")).hasValue("/v1/tenants/mover");
        JsonNode manifest = MAPPER.readTree(document).get("manifest");
        JsonNode sections = imported.json().get("sections");
        manifest.properties().forEach(e -> {
            assertThat(sections.get(e.getKey()).get("count")).isEqualTo(e.getValue().get("count"));
            assertThat(sections.get(e.getKey()).get("sha256")).isEqualTo(e.getValue().get("sha256"));
        });
        assertSameTenant(source.http, t);
        assertThat(t.get("/v1/kv/nested/path", key).json().get("value").toString()).isEqualTo("{\"a\":[1,2,{\"b\":null}]}");
        assertThat(t.get("/v1/kv", revokedKey).status()).as("a revoked key stays revoked").isEqualTo(401);
        assertThat(t.post("/v1/executions", key, "{\"code\":\"(async () => (await kv.get('run-2')) + 40)()\"}").json().get("result").asInt())
                .isEqualTo(42);
        assertThat(t.get("/v1/tenants/mover/export", ADMIN_KEY).status()).isEqualTo(200);
    }

    @Test
    void importsIntoMariaDbWhenOneIsConfigured() throws Exception {
        String url = TestMysql.url();
        // The database is shared, so the tenant gets an id of its own here.
        String id = "mover-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode doc = (ObjectNode) MAPPER.readTree(renamed(document, id));
        try (RunningServer maria = RunningServer.start(RunningServer.jdbcStores(url), "")) {
            Http.Answer imported = maria.http.post("/v1/tenants/import", ADMIN_KEY, MAPPER.writeValueAsString(doc));
            assertThat(imported.status()).as(imported.body()).isEqualTo(201);
            assertThat(maria.http.get("/v1/kv/run-1", key).json().get("value").asInt()).isEqualTo(1);
            JsonNode total = maria.http.get("/v1/tenants/" + id + ALL_USAGE, ADMIN_KEY).json().get("total");
            assertThat(total).isEqualTo(source.http.get("/v1/tenants/mover" + ALL_USAGE, ADMIN_KEY).json().get("total"));
            assertThat(total.get("executions").asInt()).isEqualTo(3);
            assertThat(maria.http.delete("/v1/tenants/" + id, ADMIN_KEY).status()).isEqualTo(204);
        }
    }

    @Test
    void refusesATenantIdThatExistsWith409() {
        Http.Answer r = source.http.post("/v1/tenants/import", ADMIN_KEY, document);

        assertThat(r.status()).as(r.body()).isEqualTo(409);
        assertThat(r.json().get("type").asText()).endsWith("/tenant-exists");
    }

    @Test
    void refusesATamperedSectionWith400NamingIt() throws Exception {
        ObjectNode doc = (ObjectNode) MAPPER.readTree(renamed(document, "tampered"));
        ObjectNode entry = (ObjectNode) doc.get("sections").get("kv").get(0);
        entry.put("value", "999");

        Http.Answer r = target.http.post("/v1/tenants/import", ADMIN_KEY, MAPPER.writeValueAsString(doc));

        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("section").asText()).isEqualTo("kv");
        assertThat(r.json().get("detail").asText()).contains("sha256");
        assertThat(target.http.get("/v1/tenants/tampered", ADMIN_KEY).status()).as("nothing written").isEqualTo(404);
    }

    @Test
    void refusesARemovedItemWith400NamingTheCount() throws Exception {
        ObjectNode doc = (ObjectNode) MAPPER.readTree(renamed(document, "shortened"));
        ((com.fasterxml.jackson.databind.node.ArrayNode) doc.get("sections").get("usage-events")).remove(0);

        Http.Answer r = target.http.post("/v1/tenants/import", ADMIN_KEY, MAPPER.writeValueAsString(doc));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("section").asText()).isEqualTo("usage-events");
        assertThat(r.json().get("detail").asText()).contains("2 items").contains("says 3");
    }

    @Test
    void refusesMalformedJsonAndOtherDocumentsWith400() {
        Http.Answer notJson = target.http.post("/v1/tenants/import", ADMIN_KEY, "{\"format\": ");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().get("section").asText()).isEqualTo("document");

        Http.Answer otherVersion = target.http.post("/v1/tenants/import", ADMIN_KEY,
                document.replace("\"version\":2", "\"version\":1"));
        assertThat(otherVersion.status()).isEqualTo(400);
        assertThat(otherVersion.json().get("detail").asText()).contains("version 2");

        assertThat(target.http.post("/v1/tenants/import", ADMIN_KEY, "[]").status()).isEqualTo(400);
    }

    @Test
    void refusesAValueOfTheWrongTypeWith400NamingTheSection() throws Exception {
        // The manifest is made to match, so that the value's type is what is refused.
        ObjectNode doc = (ObjectNode) MAPPER.readTree(renamed(document, "wrong-type"));
        ((ObjectNode) doc.get("sections").get("tier-changes").get(0)).put("at", 12345);
        ObjectNode m = (ObjectNode) doc.get("manifest").get("tier-changes");
        m.put("sha256", sha256(MAPPER.writeValueAsBytes(doc.get("sections").get("tier-changes"))));

        Http.Answer r = target.http.post("/v1/tenants/import", ADMIN_KEY, MAPPER.writeValueAsString(doc));

        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("section").asText()).isEqualTo("tier-changes");
        assertThat(target.http.get("/v1/tenants/wrong-type", ADMIN_KEY).status()).isEqualTo(404);
    }

    @Test
    void importsADocumentLargerThanTheOneMebibyteOfOtherRequests() {
        String bulkyKey = source.tenant("bulky", "starter");
        String value = "\"" + "v".repeat(60_000) + "\"";
        for (int i = 0; i < 20; i++) {
            assertThat(source.http.put("/v1/kv/chunk-" + i, bulkyKey, value).status()).isEqualTo(200);
        }
        String big = source.http.get("/v1/tenants/bulky/export", ADMIN_KEY).body();
        assertThat(big.length()).isGreaterThan(1 << 20);

        Http.Answer imported = target.http.post("/v1/tenants/import", ADMIN_KEY, big);

        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        assertThat(imported.json().get("sections").get("kv").get("count").asInt()).isEqualTo(20);
        assertThat(target.http.get("/v1/kv/chunk-19", bulkyKey).json().get("value").asText()).hasSize(60_000);
    }

    @Test
    void exportOfAnUnknownTenantIs404() {
        assertThat(source.http.get("/v1/tenants/nobody/export", ADMIN_KEY).status()).isEqualTo(404);
    }

    /**
     * The same document for another tenant id, with the tenant section's checksum made to match. Key and
     * event ids stay: the refusals below happen before anything is written, and the MariaDB import is the
     * only one there.
     */
    private static String renamed(String document, String id) throws Exception {
        ObjectNode doc = (ObjectNode) MAPPER.readTree(document);
        ObjectNode tenant = (ObjectNode) doc.get("sections").get("tenant");
        tenant.put("id", id);
        ((ObjectNode) doc.get("manifest").get("tenant")).put("sha256", sha256(MAPPER.writeValueAsBytes(tenant)));
        return MAPPER.writeValueAsString(doc);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** Every usage the tests make falls in this period, so two deployments are asked the same question. */
    private static final String ALL_USAGE = "/usage?from=2020-01-01T00:00:00Z&to=2100-01-01T00:00:00Z";

    private static void assertSameTenant(Http from, Http to) {
        JsonNode before = from.get("/v1/tenants/mover", ADMIN_KEY).json();
        JsonNode after = to.get("/v1/tenants/mover", ADMIN_KEY).json();
        assertThat(after).isEqualTo(before);
        assertThat(after.get("tier").asText()).isEqualTo("professional");
        assertThat(to.get("/v1/tenants/mover" + ALL_USAGE, ADMIN_KEY).json().get("total"))
                .isEqualTo(from.get("/v1/tenants/mover" + ALL_USAGE, ADMIN_KEY).json().get("total"));
        assertThat(to.get("/v1/tenants/mover" + ALL_USAGE + "&granularity=hour", ADMIN_KEY).json().get("buckets"))
                .isEqualTo(from.get("/v1/tenants/mover" + ALL_USAGE + "&granularity=hour", ADMIN_KEY).json().get("buckets"));
        assertThat(keyIds(to)).isEqualTo(keyIds(from));
    }

    private static List<String> keyIds(Http http) {
        List<String> ids = new ArrayList<>();
        http.get("/v1/tenants/mover/keys", ADMIN_KEY).json().get("keys")
                .forEach(k -> ids.add(k.get("keyId").asText() + ":" + k.get("active").asBoolean()));
        return ids;
    }

    private static String keyId(String apiKey) {
        return apiKey.substring(4, apiKey.indexOf('.'));
    }
}
