package dev.tenantry.spi;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginConfigTest {

    @Test
    void readsTypedValuesAndFallsBackToDefaults() {
        PluginConfig config = PluginConfig.of("scheduler", Map.of(
                "max-queued", "10_000", "share", "0.5", "strict", "TRUE", "timeout", "250ms", "heap", "256MiB"));

        assertThat(config.integer("max-queued", 1, 0, Integer.MAX_VALUE)).isEqualTo(10_000);
        assertThat(config.fraction("share", 1.0, 0, 1)).isEqualTo(0.5);
        assertThat(config.bool("strict", false)).isTrue();
        assertThat(config.duration("timeout", Duration.ZERO)).isEqualTo(Duration.ofMillis(250));
        assertThat(config.bytes("heap", 0)).isEqualTo(256L << 20);
        assertThat(config.integer("absent", 7, 0, 10)).isEqualTo(7);
    }

    @Test
    void acceptsIsoDurations() {
        assertThat(PluginConfig.parseDuration("x", "PT1M30S")).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void namesThePathAndTheExpectedFormOfABadValue() {
        PluginConfig config = PluginConfig.of("scheduler", Map.of("max-queued", "lots"));

        assertThatThrownBy(() -> config.integer("max-queued", 1, 0, 100))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
                        .containsExactly(new ConfigurationException.Problem("scheduler.max-queued",
                                "expected an integer from 0 to 100, got \"lots\"")));
    }

    @Test
    void refusesAValueOutOfRange() {
        PluginConfig config = PluginConfig.of("quotas", Map.of("warning-fraction", "1.5"));

        assertThatThrownBy(() -> config.fraction("warning-fraction", 0.85, 0, 1))
                .hasMessageContaining("quotas.warning-fraction")
                .hasMessageContaining("a number from 0.0 to 1.0");
    }

    @Test
    void refusesABadDurationAndSize() {
        assertThatThrownBy(() -> PluginConfig.parseDuration("isolation.kill-grace", "soon"))
                .hasMessageContaining("isolation.kill-grace").hasMessageContaining("250ms");
        assertThatThrownBy(() -> PluginConfig.parseBytes("isolation.worker-heap", "big"))
                .hasMessageContaining("isolation.worker-heap").hasMessageContaining("128mb");
    }

    @Test
    void listsEveryUnknownKeyWithTheKeysItAccepts() {
        PluginConfig config = PluginConfig.of("metering", Map.of("url", "x", "pool-sise", "4", "retension", "1d"));

        assertThatThrownBy(() -> config.requireOnly(Set.of("url", "pool-size", "retention")))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems())
                        .extracting(ConfigurationException.Problem::path)
                        .containsExactly("metering.pool-sise", "metering.retension"))
                .hasMessageContaining("[pool-size, retention, url]");
    }

    @Test
    void neverPrintsASecret() {
        PluginConfig config = PluginConfig.of("database", Map.of("url", "jdbc:h2:mem:x", "password", "hunter2"))
                .withSecrets(Set.of("password"));

        assertThat(config.toString()).contains("jdbc:h2:mem:x").doesNotContain("hunter2");
        assertThatThrownBy(() -> config.integer("password", 0, 0, 1)).hasMessageNotContaining("hunter2");
    }

    @Test
    void aSectionKeepsItsKeysAndPath() {
        PluginConfig config = PluginConfig.of("scheduler", Map.of("weights.low", "1", "weights.high", "6", "other", "x"));

        PluginConfig weights = config.section("weights");

        assertThat(weights.values()).isEqualTo(Map.of("low", "1", "high", "6"));
        assertThat(weights.pathOf("high")).isEqualTo("scheduler.weights.high");
    }
}
