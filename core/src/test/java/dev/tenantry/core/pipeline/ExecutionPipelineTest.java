package dev.tenantry.core.pipeline;

import dev.tenantry.core.Platform;
import dev.tenantry.core.Submission;
import dev.tenantry.core.Tenantry;
import dev.tenantry.core.config.PlatformSettings;
import dev.tenantry.core.config.ProviderSettings;
import dev.tenantry.core.config.QuotaSettings;
import dev.tenantry.core.config.TenantryConfig;
import dev.tenantry.core.fixtures.Await;
import dev.tenantry.core.fixtures.FifoSchedulerFixture;
import dev.tenantry.core.fixtures.Fixtures;
import dev.tenantry.core.fixtures.QuotaFixture;
import dev.tenantry.core.fixtures.ScriptSandboxFixture;
import dev.tenantry.core.fixtures.UnreliableUsageStoreFixture;
import dev.tenantry.core.tenants.LimitOverrides;
import dev.tenantry.core.tenants.NewTenant;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.event.PlatformEvent;
import dev.tenantry.spi.event.Severity;
import dev.tenantry.spi.execution.CancelReason;
import dev.tenantry.spi.execution.ErrorType;
import dev.tenantry.spi.execution.ExecutionOutcome;
import dev.tenantry.spi.execution.ExecutionRequest;
import dev.tenantry.spi.execution.ExecutionResult;
import dev.tenantry.spi.metering.MeteringUnavailableException;
import dev.tenantry.spi.quota.LimitExceededException;
import dev.tenantry.spi.quota.LimitType;
import dev.tenantry.spi.tenant.TenantNotFoundException;
import dev.tenantry.spi.tenant.Tier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

class ExecutionPipelineTest {
    private static final TenantId ACME = TenantId.of("acme");
    private static final TenantId GLOBEX = TenantId.of("globex");

    @TempDir
    Path dir;

    private final ScriptSandboxFixture sandbox = new ScriptSandboxFixture();
    private final QuotaFixture quota = new QuotaFixture();
    private final UnreliableUsageStoreFixture meteringFixture = new UnreliableUsageStoreFixture();
    private final List<Platform> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        sandbox.open("gate");
        opened.forEach(Platform::close);
    }

    private Platform platform(TenantryConfig config) {
        Platform p = Tenantry.builder().config(config).provider(sandbox).provider(new FifoSchedulerFixture())
                .provider(quota).provider(meteringFixture).build();
        opened.add(p);
        return p;
    }

    private Platform platform() {
        return platform(Fixtures.config(dir));
    }

    private static void tenant(Platform p, TenantId id, String... overrides) {
        p.tenants().create(NewTenant.of(id.value(), "Tenant " + id, Tier.PROFESSIONAL)
                .withOverrides(LimitOverrides.of(overrides)));
    }

    private static ExecutionRequest script(String... lines) {
        return ExecutionRequest.of(String.join("\n", lines));
    }

    @Test
    void runsAScriptAndReturnsItsResultConsoleAndUsage() {
        Platform p = platform();
        tenant(p, ACME);

        ExecutionResult r = p.execute(ACME, script("print hello", "return {\"answer\":42}"));

        assertThat(r.outcome()).isEqualTo(new ExecutionOutcome.Succeeded("{\"answer\":42}"));
        assertThat(r.console()).isEqualTo("hello\n");
        assertThat(r.tenant()).isEqualTo(ACME);
        assertThat(r.usage().cpuNanos()).isEqualTo(1_000_000);
    }

    @Test
    void queueDepthCountsAdmittedWorkWaitingForAWorker() throws Exception {
        Platform p = platform();
        tenant(p, ACME);
        List<CompletableFuture<ExecutionResult>> submitted = new ArrayList<>();
        for (int i = 0; i < p.workers() + 3; i++) {
            submitted.add(p.submit(ACME, script("block gate", "return 1")));
        }
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (sandbox.runs() < p.workers() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }

        assertThat(p.queueDepth()).isEqualTo(3);

        sandbox.open("gate");
        CompletableFuture.allOf(submitted.toArray(CompletableFuture[]::new)).get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(p.queueDepth()).isZero();
    }

    @Test
    void isReadyWhileRunningAndNotOnceClosed() {
        Platform p = platform();

        assertThat(p.readiness().ready()).isTrue();
        assertThat(p.readiness().checks()).extracting(dev.tenantry.core.Readiness.Check::part)
                .containsExactly("tenant-store", "data-store", "usage-store", "workers");
        p.close();
        assertThat(p.readiness().checks()).filteredOn(c -> !c.up())
                .extracting(dev.tenantry.core.Readiness.Check::part).contains("workers");
    }

    @Test
    void recordsUsageBeforeTheResultIsReturned() {
        Platform p = platform();
        tenant(p, ACME);

        ExecutionResult r = p.execute(ACME, script("return 1"));

        var usage = p.usage(ACME, r.finishedAt().minusSeconds(60), r.finishedAt().plusSeconds(60));
        assertThat(usage.executions()).isEqualTo(1);
        assertThat(usage.cpuNanos()).isEqualTo(1_000_000);
    }

    @Test
    void startNamesAnExecutionBeforeItRunsWithTheIdItsResultCarries() {
        Platform p = platform();
        tenant(p, ACME);

        Submission first = p.start(ACME, script("block gate", "return 1"));
        Submission second = p.start(ACME, script("return 2"));
        sandbox.open("gate");

        assertThat(first.id()).isNotEqualTo(second.id());
        assertThat(first.result().join().id()).isEqualTo(first.id());
        assertThat(second.result().join().id()).isEqualTo(second.id());
        assertThat(p.start(TenantId.of("nobody"), script("return 1")).result()).isCompletedExceptionally();
    }

    @Test
    void refusesAnUnknownTenantWithTenantNotFound() {
        Platform p = platform();

        assertThatThrownBy(() -> p.execute(TenantId.of("nobody"), script("return 1")))
                .isInstanceOf(TenantNotFoundException.class).hasMessageContaining("nobody");
        assertThat(p.submit(TenantId.of("nobody"), script("return 1"))).isCompletedExceptionally();
        assertThat(sandbox.runs()).isZero();
    }

    @Test
    void refusesADisabledTenantWithTenantDisabled() {
        Platform p = platform();
        tenant(p, ACME);
        p.tenants().disable(ACME);

        assertThatThrownBy(() -> p.execute(ACME, script("return 1")))
                .asInstanceOf(type(LimitExceededException.class))
                .extracting(e -> e.rejection().limitType()).isEqualTo(LimitType.TENANT_DISABLED);
        assertThat(sandbox.runs()).isZero();
    }

    @Test
    void admissionRejectionCarriesLimitTypeLimitAndRetryAfter() {
        Platform p = platform(Fixtures.config(dir).withQuotas(new QuotaSettings(Optional.of("fixture-quota"),
                Optional.empty(), Map.of("reject", "rate_limit", "limit", "60", "retry-after", "7s"))));
        tenant(p, ACME);

        assertThatThrownBy(() -> p.execute(ACME, script("return 1")))
                .asInstanceOf(type(LimitExceededException.class))
                .satisfies(e -> {
                    assertThat(e.rejection().limitType()).isEqualTo(LimitType.RATE_LIMIT);
                    assertThat(e.rejection().limit()).isEqualTo(60);
                    assertThat(e.rejection().retryAfter()).contains(Duration.ofSeconds(7));
                    assertThat(e.rejection().tenant()).isEqualTo(ACME);
                });
        CompletableFuture<ExecutionResult> submitted = p.submit(ACME, script("return 1"));
        assertThatThrownBy(submitted::get).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(LimitExceededException.class);
        assertThat(sandbox.runs()).isZero();
    }

    @Test
    void rejectsWithQueueFullAndRefundsTheAdmissionWhenTheTenantsQueueIsFull() {
        Platform p = platform();
        tenant(p, ACME, "max-concurrent", "1", "max-queued", "1");
        CompletableFuture<ExecutionResult> running = p.submit(ACME, script("block gate", "return 1"));
        Await.until("the first execution runs", () -> sandbox.runs() == 1);
        CompletableFuture<ExecutionResult> waiting = p.submit(ACME, script("return 2"));

        assertThatThrownBy(() -> p.execute(ACME, script("return 3")))
                .asInstanceOf(type(LimitExceededException.class))
                .extracting(e -> e.rejection().limitType()).isEqualTo(LimitType.QUEUE_FULL);
        assertThat(quota.refunded()).isEqualTo(1);

        sandbox.open("gate");
        assertThat(running.join().succeeded()).isTrue();
        assertThat(waiting.join().outcome()).isEqualTo(new ExecutionOutcome.Succeeded("2"));
    }

    @Test
    void cancelsAnExecutionThatWaitsPastItsQueueTimeoutWithQueueTimeout() {
        Platform p = platform();
        tenant(p, ACME, "max-concurrent", "1", "queue-timeout", "50ms");
        CompletableFuture<ExecutionResult> running = p.submit(ACME, script("block gate", "return 1"));
        Await.until("the first execution runs", () -> sandbox.runs() == 1);

        ExecutionResult timedOut = p.execute(ACME, script("return 2"));

        assertThat(timedOut.outcome()).asInstanceOf(type(ExecutionOutcome.Cancelled.class))
                .extracting(ExecutionOutcome.Cancelled::reason).isEqualTo(CancelReason.QUEUE_TIMEOUT);
        assertThat(quota.refunded()).isEqualTo(1);
        assertThat(sandbox.runs()).isEqualTo(1);
        sandbox.open("gate");
        assertThat(running.join().succeeded()).isTrue();
    }

    @Test
    void refusesWithMeteringUnavailableBeforeRunningWhenUsageCannotBeRecorded() {
        Platform p = platform(Fixtures.config(dir).withMetering(new ProviderSettings(Optional.of("fixture-unreliable"),
                Map.of("available", "false"))));
        tenant(p, ACME);

        assertThatThrownBy(() -> p.execute(ACME, script("return 1")))
                .isInstanceOf(MeteringUnavailableException.class).hasMessageContaining("metering_unavailable");
        assertThat(sandbox.runs()).isZero();
        assertThat(quota.admitted()).isZero();
    }

    @Test
    void doesNotRunQueuedWorkOnceUsageCannotBeRecordedAndRefundsItsAdmission() {
        Platform p = platform(Fixtures.config(dir).withMetering(new ProviderSettings(Optional.of("fixture-unreliable"),
                Map.of())));
        tenant(p, ACME, "max-concurrent", "1");
        CompletableFuture<ExecutionResult> running = p.submit(ACME, script("block gate", "return 1"));
        Await.until("the first execution runs", () -> sandbox.runs() == 1);
        CompletableFuture<ExecutionResult> queued = p.submit(ACME, script("put k {}", "return 2"));

        meteringFixture.goDown();
        sandbox.open("gate");

        assertThatThrownBy(queued::join).hasCauseInstanceOf(MeteringUnavailableException.class)
                .hasMessageContaining("not run");
        assertThat(sandbox.runs()).isEqualTo(1);
        assertThat(quota.refunded()).isEqualTo(1);
        running.join();
    }

    @Test
    void answersOnlyOnceUsageIsCommittedButFreesTheWorkerWhileTheCommitIsPending() {
        Platform p = platform(Fixtures.config(dir).withPlatform(new PlatformSettings(dir, 1, Duration.ofSeconds(10)))
                .withMetering(new ProviderSettings(Optional.of("fixture-unreliable"), Map.of("record", "hold"))));
        tenant(p, ACME, "max-concurrent", "10");

        List<CompletableFuture<ExecutionResult>> submitted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            submitted.add(p.submit(ACME, script("return " + i)));
        }

        // one worker ran all three while none of their usage was committed
        Await.until("three commits pending", () -> meteringFixture.heldCount() == 3);
        assertThat(sandbox.runs()).isEqualTo(3);
        assertThat(submitted).noneMatch(CompletableFuture::isDone);
        assertThat(p.usage(ACME, Instant.EPOCH, Instant.now().plusSeconds(60)).executions()).isZero();

        meteringFixture.commitHeld();

        assertThat(submitted).extracting(CompletableFuture::join).extracting(ExecutionResult::outcome)
                .containsExactly(new ExecutionOutcome.Succeeded("0"), new ExecutionOutcome.Succeeded("1"),
                        new ExecutionOutcome.Succeeded("2"));
        assertThat(p.usage(ACME, Instant.EPOCH, Instant.now().plusSeconds(60)).executions()).isEqualTo(3);
    }

    @Test
    void withholdsTheResultWhenItsUsageIsNotCommittedInTheMeteringWaitAndTellsTheStoreItGaveUp() {
        Platform p = platform(Fixtures.config(dir)
                .withPlatform(new PlatformSettings(dir, 1, Duration.ofSeconds(10), Duration.ofMillis(200)))
                .withMetering(new ProviderSettings(Optional.of("fixture-unreliable"), Map.of("record", "hold"))));
        tenant(p, ACME);

        ExecutionResult r = p.execute(ACME, script("print secret output", "return 42"));

        assertThat(r.outcome()).asInstanceOf(type(ExecutionOutcome.Failed.class))
                .extracting(f -> f.error().type()).isEqualTo(ErrorType.METERING_UNAVAILABLE);
        assertThat(r.console()).isEmpty();
        assertThat(meteringFixture.heldCount()).isEqualTo(1);
        assertThat(meteringFixture.givenUpCount()).as("the store's own future was completed").isEqualTo(1);
        meteringFixture.commitHeld();
        assertThat(p.usage(ACME, Instant.EPOCH, Instant.now().plusSeconds(60)).executions())
                .as("a store that had not begun the write drops it: the withheld execution is not billed").isZero();
    }

    @Test
    void withholdsTheResultAsMeteringUnavailableWhenRecordingFails() {
        Platform p = platform(Fixtures.config(dir).withMetering(new ProviderSettings(Optional.of("fixture-unreliable"),
                Map.of("record", "fail"))));
        tenant(p, ACME);

        ExecutionResult r = p.execute(ACME, script("print secret output", "return 42"));

        assertThat(r.succeeded()).isFalse();
        assertThat(r.outcome()).asInstanceOf(type(ExecutionOutcome.Failed.class))
                .extracting(f -> f.error().type()).isEqualTo(ErrorType.METERING_UNAVAILABLE);
        assertThat(r.console()).isEmpty();
    }

    @Test
    void keepsEachTenantsKeyValueDataInvisibleToOtherTenants() {
        Platform p = platform();
        tenant(p, ACME);
        tenant(p, GLOBEX);
        p.execute(ACME, script("put shared-name {\"owner\":\"acme\"}"));

        assertThat(p.execute(GLOBEX, script("get shared-name")).outcome()).isEqualTo(new ExecutionOutcome.Succeeded("null"));
        assertThat(p.execute(GLOBEX, script("list ")).outcome()).isEqualTo(new ExecutionOutcome.Succeeded("[]"));
        assertThat(p.execute(GLOBEX, script("delete shared-name")).outcome()).isEqualTo(new ExecutionOutcome.Succeeded("false"));
        assertThat(p.execute(ACME, script("get shared-name")).outcome())
                .isEqualTo(new ExecutionOutcome.Succeeded("{\"owner\":\"acme\"}"));
    }

    @Test
    void failsAWriteOverTheTenantsStorageLimitAndKeepsTheDataUnchanged() {
        Platform p = platform();
        tenant(p, ACME, "storage-objects", "1");

        ExecutionResult r = p.execute(ACME, script("put a 1", "put b 2"));

        assertThat(r.outcome()).asInstanceOf(type(ExecutionOutcome.Failed.class))
                .extracting(f -> f.error().message()).asString().contains("keys");
        assertThat(p.execute(ACME, script("list ")).outcome()).isEqualTo(new ExecutionOutcome.Succeeded("[\"a\"]"));
    }

    @Test
    void publishesWarningAndCriticalThresholdEventsWhenStorageReachesTheirFractions() {
        Platform p = platform();
        List<PlatformEvent> events = new ArrayList<>();
        p.events().subscribe(e -> {
            synchronized (events) {
                events.add(e);
            }
        });
        tenant(p, ACME, "storage-objects", "2");

        p.execute(ACME, script("put a 1", "put b 2"));
        p.close();

        assertThat(events).filteredOn(PlatformEvent.ThresholdReached.class::isInstance)
                .map(PlatformEvent.ThresholdReached.class::cast)
                .extracting(PlatformEvent.ThresholdReached::severity, PlatformEvent.ThresholdReached::limitType,
                        PlatformEvent.ThresholdReached::current, PlatformEvent.ThresholdReached::window)
                .containsExactly(tuple(Severity.WARNING, LimitType.STORAGE_OBJECTS, 2L, "storage"),
                        tuple(Severity.CRITICAL, LimitType.STORAGE_OBJECTS, 2L, "storage"));
    }

    @Test
    void deliversEventsToSubscribersInPublicationOrder() {
        Platform p = platform();
        List<String> types = new ArrayList<>();
        p.events().subscribe(e -> types.add(e.type()));
        tenant(p, ACME);
        p.tenants().disable(ACME);
        assertThatThrownBy(() -> p.execute(ACME, script("return 1"))).isInstanceOf(LimitExceededException.class);
        p.tenants().enable(ACME);

        p.close();

        assertThat(types).containsExactly("tenant_created", "tenant_disabled", "limit_rejected", "tenant_enabled");
    }

    @Test
    void publishesWorkerKilledWhenTheSandboxHadToKillItsWorker() {
        Platform p = platform();
        List<PlatformEvent> events = new ArrayList<>();
        p.events().subscribe(events::add);
        tenant(p, ACME);

        ExecutionResult r = p.execute(ACME, script("kill"));
        p.close();

        assertThat(r.outcome()).asInstanceOf(type(ExecutionOutcome.Cancelled.class))
                .extracting(ExecutionOutcome.Cancelled::reason).isEqualTo(CancelReason.CPU_TIME);
        assertThat(events).filteredOn(PlatformEvent.WorkerKilled.class::isInstance).singleElement()
                .isEqualTo(new PlatformEvent.WorkerKilled(ACME, r.finishedAt(), r.id(), CancelReason.CPU_TIME));
    }

    @Test
    void aFailingSandboxEndsTheExecutionAsAnInternalErrorAndKeepsTheWorker() {
        Platform p = platform();
        tenant(p, ACME);

        ExecutionResult crashed = p.execute(ACME, script("crash"));

        assertThat(crashed.outcome()).asInstanceOf(type(ExecutionOutcome.Failed.class))
                .extracting(f -> f.error().type()).isEqualTo(ErrorType.INTERNAL_ERROR);
        assertThat(crashed.outcome().toString()).doesNotContain("fixture sandbox crashed");
        assertThat(p.execute(ACME, script("return 1")).succeeded()).isTrue();
    }

    @Test
    void shutdownRunsWhatIsQueuedBeforeItStops() {
        Platform p = platform();
        tenant(p, ACME, "max-concurrent", "1");
        List<CompletableFuture<ExecutionResult>> futures = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            futures.add(p.submit(ACME, script("return " + i)));
        }

        p.close();

        assertThat(futures).allSatisfy(f -> assertThat(f.join().succeeded()).isTrue());
    }

    @Test
    void refusesWorkAfterShutdown() {
        Platform p = platform();
        tenant(p, ACME);
        p.close();

        assertThatThrownBy(() -> p.execute(ACME, script("return 1"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("shut down");
    }

    @Test
    void reportsTheWorkerCountOfTheSandbox() {
        Platform p = platform(Fixtures.config(dir).withIsolation(new ProviderSettings(Optional.of("fixture-script"),
                Map.of("parallelism", "3"))));

        assertThat(p.workers()).isEqualTo(3);
        assertThat(p.providers()).containsEntry("isolation", "'fixture-script' (module dev.tenantry.core)");
    }

    @Test
    void measuresQueueDelayFromSubmissionToStart() {
        Platform p = platform();
        tenant(p, ACME);

        ExecutionResult r = p.execute(ACME, script("return 1"));

        assertThat(r.startedAt()).isAfterOrEqualTo(r.submittedAt());
        assertThat(r.finishedAt()).isAfterOrEqualTo(r.startedAt());
        assertThat(r.submittedAt()).isBeforeOrEqualTo(Instant.now());
    }
}
