package dev.tenantry.isolation.graaljs;

import dev.tenantry.spi.isolation.HostApi;
import dev.tenantry.spi.tenant.KvEntry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The bridge counts every call it serves and serves none once its execution has ended. */
class HostBridgeTest {

    /** Records what reaches the tenant's data. */
    private static final class RecordingHostApi implements HostApi {
        final List<String> reached = new ArrayList<>();

        @Override
        public Optional<String> kvGet(String key) {
            reached.add("get " + key);
            return Optional.of("1");
        }

        @Override
        public void kvPut(String key, String valueJson) {
            reached.add("put " + key);
        }

        @Override
        public boolean kvDelete(String key) {
            reached.add("delete " + key);
            return true;
        }

        @Override
        public List<KvEntry> kvList(String prefix, int limit) {
            reached.add("list " + prefix);
            return List.of();
        }
    }

    @Test
    void servesAndCountsCallsUntilTheExecutionEndsThenReachesNothing() {
        RecordingHostApi api = new RecordingHostApi();
        HostBridge bridge = new HostBridge(api);

        assertThat(bridge.call("put", "a", "1")).isEqualTo("o");
        assertThat(bridge.call("get", "a", null)).isEqualTo("o1");
        assertThat(bridge.end()).isEqualTo(2);

        for (String op : List.of("get", "put", "delete", "list")) {
            assertThat(bridge.call(op, "a", "1")).isEqualTo(HostBridge.ENDED);
        }
        assertThat(api.reached).containsExactly("put a", "get a");
        assertThat(bridge.calls()).isEqualTo(2);
    }
}
