package dev.tenantry.isolation.graaljs;

import dev.tenantry.spi.PluginConfig;
import dev.tenantry.spi.isolation.Sandbox;
import dev.tenantry.testkit.TestingProviderContext;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Sandboxes for tests: small worker heaps and pools, so the suite stays light on a busy machine. */
final class Sandboxes {
    private Sandboxes() {
    }

    static TestingProviderContext context(Map<String, String> config) {
        return new TestingProviderContext(PluginConfig.of("isolation", config), Clock.systemUTC(), 2,
                Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** A process-mode sandbox with two 160 MiB workers, waited until warm. */
    static Sandbox process(TestingProviderContext context) {
        Sandbox s = new GraalJsIsolationProvider().create(context);
        try {
            if (!((ProcessSandbox) s).awaitReady(Duration.ofMinutes(3))) {
                s.close();
                throw new IllegalStateException("workers did not start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return s;
    }

    static Map<String, String> processConfig(Map<String, String> extra) {
        Map<String, String> m = new HashMap<>(Map.of("mode", "process", "workers", "2", "worker-heap", "160mb",
                "kill-grace", "150ms",
                "warm-up-executions", "40", "spare-workers", "0"));
        m.putAll(extra);
        return m;
    }

    static Sandbox inProcess() {
        return new GraalJsIsolationProvider().create(context(Map.of("mode", "in-process", "workers", "2", "warm-up-executions", "10")));
    }
}
