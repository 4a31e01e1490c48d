package dev.tenantry.core.pipeline;

import dev.tenantry.core.Platform;
import dev.tenantry.core.Tenantry;
import dev.tenantry.core.fixtures.FifoSchedulerFixture;
import dev.tenantry.core.fixtures.Fixtures;
import dev.tenantry.core.fixtures.QuotaFixture;
import dev.tenantry.core.fixtures.ScriptSandboxFixture;
import dev.tenantry.core.tenants.LimitOverrides;
import dev.tenantry.core.tenants.NewTenant;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.execution.ExecutionRequest;
import dev.tenantry.spi.execution.ExecutionResult;
import dev.tenantry.spi.quota.LimitExceededException;
import dev.tenantry.spi.quota.LimitType;
import dev.tenantry.spi.tenant.Tier;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Accounting invariants of the pipeline over any burst of submissions by tenants with small queues: every
 * submission ends exactly once (a result, or a queue_full rejection), every run is metered once, and every
 * admission that did not run is refunded.
 */
class PipelineAccountingInvariantsTest {

    @Property(tries = 20)
    void everySubmissionEndsOnceAndAdmissionsMatchRuns(
            @ForAll @Size(min = 1, max = 30) List<@IntRange(min = 0, max = 2) Integer> submitters,
            @ForAll @IntRange(min = 1, max = 2) int maxConcurrent,
            @ForAll @IntRange(min = 0, max = 3) int maxQueued) throws IOException {
        ScriptSandboxFixture sandbox = new ScriptSandboxFixture();
        QuotaFixture quota = new QuotaFixture();
        Path dir = Files.createTempDirectory("tenantry-invariants");
        List<TenantId> tenants = List.of(TenantId.of("t0"), TenantId.of("t1"), TenantId.of("t2"));
        List<CompletableFuture<ExecutionResult>> submitted = new ArrayList<>();
        Instant from = Instant.now().minusSeconds(60);
        try (Platform p = Tenantry.builder().config(Fixtures.config(dir))
                .providers(List.of(sandbox, new FifoSchedulerFixture(), quota)).build()) {
            for (TenantId t : tenants) {
                p.tenants().create(NewTenant.of(t.value(), t.value(), Tier.STARTER).withOverrides(LimitOverrides.of(
                        "max-concurrent", Integer.toString(maxConcurrent), "max-queued", Integer.toString(maxQueued))));
            }
            for (int i = 0; i < submitters.size(); i++) {
                submitted.add(p.submit(tenants.get(submitters.get(i)), ExecutionRequest.of("return " + i)));
            }
            int succeeded = 0;
            int queueFull = 0;
            for (CompletableFuture<ExecutionResult> f : submitted) {
                try {
                    assertThat(f.join().succeeded()).isTrue();
                    succeeded++;
                } catch (CompletionException e) {
                    assertThat(e.getCause()).isInstanceOfSatisfying(LimitExceededException.class,
                            ex -> assertThat(ex.rejection().limitType()).isEqualTo(LimitType.QUEUE_FULL));
                    queueFull++;
                }
            }
            long metered = 0;
            for (TenantId t : tenants) {
                metered += p.usage(t, from, Instant.now().plusSeconds(60)).executions();
            }

            assertThat(succeeded + queueFull).isEqualTo(submitters.size());
            assertThat(sandbox.runs()).isEqualTo(succeeded);
            assertThat(metered).isEqualTo(succeeded);
            assertThat(quota.admitted() - quota.refunded()).isEqualTo(succeeded);
            assertThat(quota.refunded()).isEqualTo(queueFull);
        } finally {
            // The in-memory stores write nothing, so the data folder is still empty.
            Files.deleteIfExists(dir);
        }
    }
}
