package dev.tenantry.core.admission;

import dev.tenantry.spi.ConfigurationException;
import dev.tenantry.spi.PluginConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DynamicLimitSettingsTest {

    @Test
    void recordedDefaultsAreOffHourlyWithTheSeedRule() {
        assertThat(DynamicLimitSettings.from(PluginConfig.empty("dynamic-limits")))
                .isEqualTo(new DynamicLimitSettings(false, Duration.ofHours(1), List.of(LimitRule.seedStorageGrowth())));
    }

    @Test
    void fullMappingAppliesRulesInTheOrderOfTheirNames() {
        DynamicLimitSettings settings = DynamicLimitSettings.from(PluginConfig.of("dynamic-limits", Map.ofEntries(
                Map.entry("enabled", "true"), Map.entry("interval", "15m"),
                Map.entry("rules.a-grow.dimension", "storage-bytes"), Map.entry("rules.a-grow.direction", "above"),
                Map.entry("rules.a-grow.fraction", "0.9"), Map.entry("rules.a-grow.factor", "2"),
                Map.entry("rules.a-grow.bound", "1gb"),
                Map.entry("rules.b-shrink.dimension", "storage-objects"), Map.entry("rules.b-shrink.direction", "below"),
                Map.entry("rules.b-shrink.fraction", "0.1"), Map.entry("rules.b-shrink.factor", "0.5"))));

        assertThat(settings).isEqualTo(new DynamicLimitSettings(true, Duration.ofMinutes(15), List.of(
                new LimitRule(LimitRule.Dimension.STORAGE_BYTES, LimitRule.Direction.ABOVE, 0.9, 2, 1L << 30),
                new LimitRule(LimitRule.Dimension.STORAGE_OBJECTS, LimitRule.Direction.BELOW, 0.1, 0.5, 0))));
    }

    @Test
    void rejectsAnUnknownRuleKeyWithItsPath() {
        assertThatThrownBy(() -> DynamicLimitSettings.from(PluginConfig.of("dynamic-limits",
                Map.of("rules.grow.treshold", "0.8"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("dynamic-limits.rules.grow.treshold");
    }

    @Test
    void rejectsARuleWithoutItsFractionWithThePath() {
        assertThatThrownBy(() -> DynamicLimitSettings.from(PluginConfig.of("dynamic-limits", Map.of(
                "rules.grow.dimension", "storage-bytes", "rules.grow.direction", "above", "rules.grow.factor", "1.5"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("dynamic-limits.rules.grow.fraction");
    }

    @Test
    void rejectsARaisingRuleThatWouldLowerWithThePathOfItsFactor() {
        assertThatThrownBy(() -> DynamicLimitSettings.from(PluginConfig.of("dynamic-limits", Map.of(
                "rules.grow.dimension", "storage-bytes", "rules.grow.direction", "above",
                "rules.grow.fraction", "0.8", "rules.grow.factor", "0.5"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("dynamic-limits.rules.grow.factor");
    }
}
