package dev.tenantry.core.pipeline;

import dev.tenantry.spi.tenant.Priority;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TaskWeightsTest {
    @Test
    void takesTheSchedulersConfiguredWeightsAndTheDefaultsForTheRest() {
        TaskWeights w = TaskWeights.from(Map.of("weights.high", "10", "weights.low", "0", "max-queued", "5"));

        assertThat(w.of(Priority.HIGH)).isEqualTo(10);
        assertThat(w.of(Priority.NORMAL)).isEqualTo(2);
        assertThat(w.of(Priority.LOW)).as("not a positive integer: left to the scheduler to reject").isEqualTo(1);
        assertThat(TaskWeights.defaults().of(Priority.CRITICAL)).isEqualTo(8);
    }
}
