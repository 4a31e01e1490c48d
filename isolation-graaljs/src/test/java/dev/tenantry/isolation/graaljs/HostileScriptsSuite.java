package dev.tenantry.isolation.graaljs;

import dev.tenantry.spi.execution.ExecutionId;
import dev.tenantry.spi.execution.ExecutionOutcome;
import dev.tenantry.spi.execution.ExecutionRequest;
import dev.tenantry.spi.isolation.Sandbox;
import dev.tenantry.spi.isolation.SandboxResult;
import dev.tenantry.spi.isolation.SandboxTask;
import dev.tenantry.spi.tenant.TenantConfig;
import dev.tenantry.spi.tenant.TenantLimits;
import dev.tenantry.testkit.SampleTenants;
import dev.tenantry.testkit.isolation.InMemoryTenantData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs every hostile script, then checks that another tenant is still served. */
abstract class HostileScriptsSuite {
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    private final InMemoryTenantData data = new InMemoryTenantData(64 * 1024);

    abstract Sandbox sandbox();

    SandboxResult run(String tenant, String code, TenantLimits.ExecutionLimits limits) {
        TenantConfig t = SampleTenants.tenant(tenant, EPOCH);
        return sandbox().run(new SandboxTask(ExecutionId.random(), t, ExecutionRequest.of(code), limits, data.hostFor(t.id())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.tenantry.isolation.graaljs.HostileScripts#cases")
    void hostileScriptEndsAsExpectedAndOtherTenantsAreStillServed(String name, String code, HostileScripts.Expect expect,
                                                                   TenantLimits.ExecutionLimits limits) {
        SandboxResult r = run("attacker", code, limits);
        expect.check(r);
        assertThat(r.console().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo((int) limits.maxConsoleBytes());
        assertThat(run("bystander", "({ok: [1, 2, 3].map(x => x * 2)})", HostileScripts.LIMITS).outcome())
                .isEqualTo(new ExecutionOutcome.Succeeded("{\"ok\":[2,4,6]}"));
    }
}
