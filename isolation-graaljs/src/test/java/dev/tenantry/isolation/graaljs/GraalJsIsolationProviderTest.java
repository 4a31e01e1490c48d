package dev.tenantry.isolation.graaljs;

import dev.tenantry.spi.ConfigurationException;
import dev.tenantry.spi.isolation.IsolationProvider;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GraalJsIsolationProviderTest {

    @Test
    void moduleProvidesTheIsolationProvider() {
        // ServiceLoader.load from inside the provider's own module would need a `uses` the module has no reason
        // to declare, so the two registrations ServiceLoader reads are checked directly.
        Module module = GraalJsIsolationProvider.class.getModule();
        assertThat(module.getDescriptor().provides()).anySatisfy(p -> {
            assertThat(p.service()).isEqualTo(IsolationProvider.class.getName());
            assertThat(p.providers()).containsExactly(GraalJsIsolationProvider.class.getName());
        });
    }

    @Test
    void classPathRegistrationNamesTheProvider() throws Exception {
        try (InputStream in = GraalJsIsolationProvider.class.getModule()
                .getResourceAsStream("META-INF/services/" + IsolationProvider.class.getName())) {
            assertThat(in).isNotNull();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip())
                    .isEqualTo(GraalJsIsolationProvider.class.getName());
        }
    }

    @Test
    void providerNameIsGraaljs() {
        IsolationProvider p = new GraalJsIsolationProvider();
        assertThat(p.name()).isEqualTo("graaljs").matches("[a-z][a-z0-9-]*");
    }

    @Test
    void recordedDefaults() {
        GraalJsConfig c = GraalJsConfig.bind(Sandboxes.context(Map.of()));
        assertThat(c).isEqualTo(new GraalJsConfig(GraalJsConfig.Mode.PROCESS, 2, 256L << 20, 1_000_000,
                GraalJsConfig.Jit.AUTO, Optional.empty(), Duration.ofMillis(100), 64, 1, 3, Duration.ofMinutes(10), 500, 1,
                Duration.ofNanos(100_000), Duration.ofNanos(250_000)));
    }

    @Test
    void fullMapping() {
        GraalJsConfig c = GraalJsConfig.bind(Sandboxes.context(Map.ofEntries(
                Map.entry("mode", "in-process"), Map.entry("workers", "5"), Map.entry("worker-heap", "512mb"),
                Map.entry("max-executions-per-worker", "100"), Map.entry("jit", "off"),
                Map.entry("jit-module-path", "/opt/jit"), Map.entry("kill-grace", "250ms"),
                Map.entry("compiled-cache-size", "10"), Map.entry("dedicated-workers", "2"),
                Map.entry("quarantine-after-kills", "7"), Map.entry("quarantine-window", "1h"),
                Map.entry("warm-up-executions", "20"), Map.entry("spare-workers", "0"),
                Map.entry("worker-spin", "0ms"), Map.entry("result-spin", "40us"))));
        assertThat(c).isEqualTo(new GraalJsConfig(GraalJsConfig.Mode.IN_PROCESS, 5, 512L << 20, 100,
                GraalJsConfig.Jit.OFF, Optional.of(Path.of("/opt/jit")), Duration.ofMillis(250), 10, 2, 7,
                Duration.ofHours(1), 20, 0, Duration.ZERO, Duration.ofNanos(40_000)));
    }

    @Test
    void pollingLongerThanTenMillisecondsIsRejected() {
        assertThatThrownBy(() -> GraalJsConfig.bind(Sandboxes.context(Map.of("worker-spin", "1s"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("isolation.worker-spin").hasMessageContaining("at most 10ms");
    }

    @Test
    void unknownKeyIsRejectedWithItsPath() {
        assertThatThrownBy(() -> GraalJsConfig.bind(Sandboxes.context(Map.of("wokers", "2"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("isolation.wokers");
    }

    @Test
    void unknownModeIsRejectedWithTheAcceptedValues() {
        assertThatThrownBy(() -> GraalJsConfig.bind(Sandboxes.context(Map.of("mode", "thread"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("isolation.mode")
                .hasMessageContaining("process or in-process");
    }

    @Test
    void workerHeapBelowTheMinimumIsRejected() {
        assertThatThrownBy(() -> GraalJsConfig.bind(Sandboxes.context(Map.of("worker-heap", "16mb"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("isolation.worker-heap");
    }

    @Test
    void jitModulePathWithoutAJarIsRejected() {
        var context = Sandboxes.context(Map.of("jit", "on", "jit-module-path",
                System.getProperty("java.io.tmpdir") + "/tenantry-no-such-jit-folder"));
        GraalJsConfig c = GraalJsConfig.bind(context);
        assertThatThrownBy(() -> WorkerCommand.build(c, context.config()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("isolation.jit-module-path");
    }

    @Test
    void workerCommandUsesTheSupervisorsJavaAndItsOwnHeap() {
        var context = Sandboxes.context(Map.of("jit", "off", "worker-heap", "96mb"));
        WorkerCommand w = WorkerCommand.build(GraalJsConfig.bind(context), context.config());
        assertThat(w.command().get(0)).isEqualTo(ProcessHandle.current().info().command().orElseThrow());
        assertThat(w.command()).contains("-Xmx96m", "-XX:+ExitOnOutOfMemoryError", "-XX:+DisplayVMOutputToStderr").doesNotContain("-XX:+EnableJVMCI");
        assertThat(w.jitEnabled()).isFalse();
    }

    @Test
    void jitIsOnByDefaultWhenTheCompilerJarIsBuiltAndTheJdkIsRecentEnough() {
        var context = Sandboxes.context(Map.of());
        WorkerCommand w = WorkerCommand.build(GraalJsConfig.bind(context), context.config());
        assertThat(w.jitEnabled()).isEqualTo(Runtime.version().feature() >= WorkerCommand.JIT_MIN_FEATURE);
    }
}
