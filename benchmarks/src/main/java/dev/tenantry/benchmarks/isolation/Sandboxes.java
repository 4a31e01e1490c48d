package dev.tenantry.benchmarks.isolation;

import dev.tenantry.isolation.graaljs.GraalJsIsolationProvider;
import dev.tenantry.spi.PluginConfig;
import dev.tenantry.spi.execution.ExecutionId;
import dev.tenantry.spi.execution.ExecutionRequest;
import dev.tenantry.spi.isolation.HostApi;
import dev.tenantry.spi.isolation.Sandbox;
import dev.tenantry.spi.isolation.SandboxTask;
import dev.tenantry.spi.tenant.TenantConfig;
import dev.tenantry.spi.tenant.TenantLimits;
import dev.tenantry.testkit.SampleTenants;
import dev.tenantry.testkit.TestingProviderContext;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Sandboxes and tasks for the isolation benchmarks. Run from the repository root so the JIT folder is found. */
final class Sandboxes {
    /** Where the build copies the Graal compiler jar; relative to the repository root. */
    static final String JIT_FOLDER = "isolation-graaljs/target/jit";
    static final TenantConfig TENANT = SampleTenants.tenant("bench", Instant.parse("2026-01-01T00:00:00Z"));
    static final TenantLimits.ExecutionLimits LIMITS = new TenantLimits.ExecutionLimits(Duration.ofSeconds(30),
            Duration.ofSeconds(60), 256L << 20, Long.MAX_VALUE, 1_000, 64 * 1024, 1 << 20);

    private Sandboxes() {
    }

    static Sandbox start(Map<String, String> config) throws InterruptedException {
        Map<String, String> c = new HashMap<>(config);
        if (!"off".equals(c.get("jit"))) {
            c.put("jit-module-path", Path.of(JIT_FOLDER).toAbsolutePath().toString());
        }
        TestingProviderContext context = new TestingProviderContext(PluginConfig.of("isolation", c), Clock.systemUTC(), 2,
                Path.of(System.getProperty("java.io.tmpdir")));
        Sandbox s = new GraalJsIsolationProvider().create(context);
        long end = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!s.ready()) {
            if (System.nanoTime() > end) {
                s.close();
                throw new IllegalStateException("workers did not start");
            }
            Thread.sleep(20);
        }
        return s;
    }

    static SandboxTask task(String code, TenantLimits.ExecutionLimits limits) {
        return new SandboxTask(ExecutionId.random(), TENANT, ExecutionRequest.of(code), limits, HostApi.NONE);
    }

    static SandboxTask task(String code) {
        return task(code, LIMITS);
    }
}
