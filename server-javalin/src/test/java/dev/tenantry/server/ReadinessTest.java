package dev.tenantry.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /ready} asks the database: while another connection holds the server's H2 database in exclusive
 * mode (every other connection's statements wait), the stores do not answer and readiness is 503 naming
 * them; once released, it is 200 again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadinessTest {
    private RunningServer running;

    @BeforeAll
    void start() {
        running = RunningServer.start(RunningServer.H2_STORES, "");
    }

    @AfterAll
    void stop() {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void isReadyWithEveryPartUpWhileTheDatabaseAnswers() {
        Http.Answer ready = running.http.get("/ready", null);

        assertThat(ready.status()).as(ready.body()).isEqualTo(200);
        JsonNode checks = ready.json().get("checks");
        assertThat(checks.properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactlyInAnyOrder("tenant-store", "data-store", "usage-store", "workers");
        checks.forEach(c -> assertThat(c.get("up").asBoolean()).isTrue());
    }

    @Test
    void isNotReadyNamingTheStoresWhileTheDatabaseDoesNotAnswer() throws Exception {
        try (Connection holder = DriverManager.getConnection(running.h2Url()); Statement st = holder.createStatement()) {
            st.execute("SET EXCLUSIVE 1");
            Http.Answer notReady;
            try {
                notReady = running.http.get("/ready", null);
            } finally {
                st.execute("SET EXCLUSIVE 0");
            }
            assertThat(notReady.status()).as(notReady.body()).isEqualTo(503);
            assertThat(notReady.contentType()).startsWith("application/problem+json");
            List<String> down = new ArrayList<>();
            notReady.json().get("down").forEach(d -> down.add(d.asText()));
            assertThat(down).contains("tenant-store").doesNotContain("workers");
            assertThat(notReady.json().get("checks").get("workers").get("up").asBoolean()).isTrue();
        }
        assertThat(running.http.get("/ready", null).status()).isEqualTo(200);
    }
}
