package dev.tenantry.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The id the API gives an execution, whichever way it was run (sync, async, in a batch), is the id its usage
 * event is stored under, so a tenant can match every execution to its usage.
 */
class ExecutionIdInUsageTest {

    @Test
    void syncAsyncAndBatchExecutionsAreMeteredUnderTheIdsTheApiGave() throws Exception {
        try (RunningServer running = RunningServer.start(RunningServer.H2_STORES, "")) {
            String key = running.tenant("ids", "professional");
            List<String> ids = new ArrayList<>();
            ids.add(running.http.post("/v1/executions", key, "{\"code\":\"1\"}").json().get("id").asText());
            Http.Answer accepted = running.http.post("/v1/executions?mode=async", key, "{\"code\":\"2\"}");
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            String asyncId = accepted.json().get("id").asText();
            ids.add(asyncId);
            JsonNode batch = running.http.post("/v1/batches", key,
                    "{\"items\":[{\"code\":\"3\"},{\"code\":\"throw new Error('x')\"}]}").json().get("results");
            batch.forEach(r -> ids.add(r.get("id").asText()));

            JsonNode polled = running.http.get("/v1/executions/" + asyncId, key).json();
            for (int i = 0; i < 500 && polled.get("status").asText().equals("pending"); i++) {
                Thread.sleep(20);
                polled = running.http.get("/v1/executions/" + asyncId, key).json();
            }
            assertThat(polled.get("status").asText()).isEqualTo("succeeded");
            assertThat(polled.get("id").asText()).isEqualTo(asyncId);

            assertThat(ids).hasSize(4).doesNotHaveDuplicates();
            assertThat(UsageRows.perEventId(running.h2Url(), "ids").keySet()).containsExactlyInAnyOrderElementsOf(ids);
        }
    }
}
