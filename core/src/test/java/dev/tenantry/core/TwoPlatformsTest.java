package dev.tenantry.core;

import dev.tenantry.core.config.ProviderSettings;
import dev.tenantry.core.fixtures.FifoSchedulerFixture;
import dev.tenantry.core.fixtures.Fixtures;
import dev.tenantry.core.fixtures.QuotaFixture;
import dev.tenantry.core.fixtures.ScriptSandboxFixture;
import dev.tenantry.core.tenants.NewTenant;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.execution.ExecutionOutcome;
import dev.tenantry.spi.execution.ExecutionRequest;
import dev.tenantry.spi.execution.ExecutionResult;
import dev.tenantry.spi.tenant.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TwoPlatformsTest {
    private static final TenantId ACME = TenantId.of("acme");

    @TempDir
    Path dirA;
    @TempDir
    Path dirB;

    @Test
    void twoPlatformsWithDifferentProvidersInOneJvmDoNotInterfere() {
        ScriptSandboxFixture sandboxA = new ScriptSandboxFixture("fixture-script");
        ScriptSandboxFixture sandboxB = new ScriptSandboxFixture("fixture-script-b");
        QuotaFixture quota = new QuotaFixture();
        List<String> eventsA = new ArrayList<>();
        List<String> eventsB = new ArrayList<>();
        ExecutionResult inB;
        try (Platform a = Tenantry.builder().config(Fixtures.config(dirA))
                .providers(List.of(sandboxA, sandboxB, new FifoSchedulerFixture(), quota)).build();
             Platform b = Tenantry.builder().config(Fixtures.config(dirB)
                             .withIsolation(new ProviderSettings(Optional.of("fixture-script-b"), Map.of("parallelism", "1"))))
                     .providers(List.of(sandboxA, sandboxB, new FifoSchedulerFixture(), quota)).build()) {
            a.events().subscribe(e -> eventsA.add(e.type() + " " + e.tenant()));
            b.events().subscribe(e -> eventsB.add(e.type() + " " + e.tenant()));
            a.tenants().create(NewTenant.of("acme", "ACME in A", Tier.STARTER));
            b.tenants().create(NewTenant.of("acme", "ACME in B", Tier.ENTERPRISE));

            ExecutionResult inA = a.execute(ACME, ExecutionRequest.of("put owner \"a\"\nget owner"));
            inB = b.execute(ACME, ExecutionRequest.of("get owner"));

            assertThat(inA.outcome()).isEqualTo(new ExecutionOutcome.Succeeded("\"a\""));
            assertThat(inB.outcome()).isEqualTo(new ExecutionOutcome.Succeeded("null"));
            assertThat(sandboxA.runs()).isEqualTo(1);
            assertThat(sandboxB.runs()).isEqualTo(1);
            assertThat(a.workers()).isEqualTo(2);
            assertThat(b.workers()).isEqualTo(1);
            assertThat(a.tenants().get(ACME).tier()).isEqualTo(Tier.STARTER);
            assertThat(b.tenants().get(ACME).tier()).isEqualTo(Tier.ENTERPRISE);
            assertThat(a.usage(ACME, inA.finishedAt().minusSeconds(60), inA.finishedAt().plusSeconds(60)).executions())
                    .isEqualTo(1);

            a.tenants().delete(ACME);
            a.close();

            assertThat(b.tenants().find(ACME)).isPresent();
            assertThat(b.execute(ACME, ExecutionRequest.of("return 1")).succeeded()).isTrue();
            assertThat(b.usage(ACME, inB.finishedAt().minusSeconds(60), inB.finishedAt().plusSeconds(60)).executions())
                    .isEqualTo(2);
        }
        assertThat(eventsA).containsExactly("tenant_created acme", "tenant_deleted acme");
        assertThat(eventsB).containsExactly("tenant_created acme");
    }
}
