package dev.tenantry.scheduler.fair;

import dev.tenantry.spi.ConfigurationException;
import dev.tenantry.spi.PluginConfig;
import dev.tenantry.spi.tenant.Priority;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchedulerSettingsTest {

    @Test
    void recordedDefaults() {
        assertThat(SchedulerSettings.from(PluginConfig.empty("scheduler")))
                .isEqualTo(new SchedulerSettings(10_000, 0.5, 4, Map.of()));
    }

    @Test
    void fullMapping() {
        SchedulerSettings settings = SchedulerSettings.from(PluginConfig.of("scheduler", Map.of(
                "max-queued", "500", "max-worker-share", "0.25", "fresh-turns", "0",
                "weights.low", "1", "weights.normal", "3", "weights.high", "9", "weights.critical", "27")));

        assertThat(settings).isEqualTo(new SchedulerSettings(500, 0.25, 0, Map.of(
                Priority.LOW, 1, Priority.NORMAL, 3, Priority.HIGH, 9, Priority.CRITICAL, 27)));
    }

    @Test
    void theTasksOwnWeightIsUsedUnlessItsPriorityHasAConfiguredWeight() {
        SchedulerSettings settings = new SchedulerSettings(10, 0.5, Map.of(Priority.HIGH, 10));

        assertThat(settings.weightOf(Priority.NORMAL, 2)).isEqualTo(2);
        assertThat(settings.weightOf(Priority.HIGH, 4)).isEqualTo(10);
    }

    @Test
    void rejectsAZeroWeightWithItsPath() {
        assertThatThrownBy(() -> SchedulerSettings.from(PluginConfig.of("scheduler", Map.of("weights.low", "0"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("scheduler.weights.low");
    }

    @Test
    void rejectsANegativeFreshTurnsWithItsPath() {
        assertThatThrownBy(() -> SchedulerSettings.from(PluginConfig.of("scheduler", Map.of("fresh-turns", "-1"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("scheduler.fresh-turns");
    }

    @Test
    void theWorkerCapIsTheShareRoundedDownButAtLeastOne() {
        SchedulerSettings half = new SchedulerSettings(10, 0.5, Map.of());

        assertThat(half.workerCap(8)).isEqualTo(4);
        assertThat(half.workerCap(5)).isEqualTo(2);
        assertThat(half.workerCap(1)).isEqualTo(1);
        assertThat(new SchedulerSettings(10, 0.3, Map.of()).workerCap(10)).isEqualTo(3);
    }
}
