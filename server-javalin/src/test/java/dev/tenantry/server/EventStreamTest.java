package dev.tenantry.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.tenantry.server.RunningServer.ADMIN_KEY;
import static org.assertj.core.api.Assertions.assertThat;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventStreamTest {
    private RunningServer running;

    @BeforeAll
    void start() {
        running = RunningServer.start("");
    }

    @AfterAll
    void stop() {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void aTenantsStreamCarriesItsOwnEventsOnly() throws Exception {
        String a = running.tenant("stream-a", "starter");
        running.tenant("stream-b", "starter");
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + running.server.port() + "/v1/events"))
                .header("Authorization", "Bearer " + a).header("Accept", "text/event-stream").build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        // B changes first, then A: if B's event were delivered, it would arrive before A's.
        patch("stream-b", "{\"name\":\"B renamed\"}");
        patch("stream-a", "{\"name\":\"A renamed\"}");
        List<String> data = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("data:")) {
                    data.add(line);
                    break;
                }
            }
        }
        assertThat(data).hasSize(1);
        assertThat(data.get(0)).contains("\"tenant\":\"stream-a\"").contains("tenant_updated").doesNotContain("stream-b");
    }

    private void patch(String id, String body) {
        Http.Answer r = running.http.send("PATCH", "/v1/tenants/" + id, Optional.of(ADMIN_KEY), Optional.of(body), Map.of());
        assertThat(r.status()).isEqualTo(200);
    }

}
