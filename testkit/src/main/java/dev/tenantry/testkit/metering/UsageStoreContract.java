package dev.tenantry.testkit.metering;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.execution.ExecutionUsage;
import dev.tenantry.spi.metering.Granularity;
import dev.tenantry.spi.metering.Meter;
import dev.tenantry.spi.metering.TenantUsage;
import dev.tenantry.spi.metering.UsageArchive;
import dev.tenantry.spi.metering.UsageEvent;
import dev.tenantry.spi.metering.UsageKind;
import dev.tenantry.spi.metering.UsageStore;
import dev.tenantry.spi.metering.UsageSummary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link UsageStore} must do: durable-when-complete, idempotent by event id, exact aggregation
 * over half-open periods and UTC buckets; and, for a store whose {@link UsageStore#history()} is present,
 * a {@link dev.tenantry.spi.metering.UsageHistory} that reads one tenant whole and restores it into an empty
 * store with the same answers (skipped for a store without one). Extend it and return a new, empty store from
 * {@link #createStore()}; a later call may empty what an earlier store held (a shared database).
 */
public abstract class UsageStoreContract {
    private static final TenantId A = TenantId.of("tenant-a");
    private static final TenantId B = TenantId.of("tenant-b");
    private static final Instant NOV_1 = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant DEC_1 = Instant.parse("2026-12-01T00:00:00Z");

    private UsageStore store;

    /** {@return a new, empty store} */
    protected abstract UsageStore createStore();

    @BeforeEach
    final void openStore() {
        store = createStore();
    }

    @AfterEach
    final void closeStore() {
        store.close();
    }

    /** {@return the store under test} */
    protected UsageStore store() {
        return store;
    }

    /** Records an event and waits until it is durable. */
    protected void recordDurably(UsageEvent event) throws Exception {
        store.record(event).get(30, TimeUnit.SECONDS);
    }

    /** {@return an execution event with the given figures} */
    protected static UsageEvent execution(String id, TenantId tenant, Instant at, long cpuNanos, long wallNanos,
                                          long allocated, long apiCalls, String mbSeconds) {
        return UsageEvent.execution(id, tenant, at, "execute", "succeeded",
                new ExecutionUsage(cpuNanos, wallNanos, allocated, apiCalls, 10, new BigDecimal(mbSeconds)));
    }

    @Test
    void summarizesEveryMeterExactly() throws Exception {
        recordDurably(execution("e1", A, NOV_1.plusSeconds(10), 1_500_000, 3_000_000, 1_000, 2, "0.192"));
        recordDurably(execution("e2", A, NOV_1.plusSeconds(20), 2_250_000, 4_000_000, 500, 1, "0.256"));

        UsageSummary s = store.summarize(A, NOV_1, DEC_1);

        assertThat(s.tenant()).isEqualTo(A);
        assertThat(s.executions()).isEqualTo(2);
        assertThat(s.cpuNanos()).isEqualTo(3_750_000);
        assertThat(s.wallNanos()).isEqualTo(7_000_000);
        assertThat(s.allocatedBytes()).isEqualTo(1_500);
        assertThat(s.apiCalls()).isEqualTo(3);
        assertThat(s.memoryMbSeconds()).isEqualByComparingTo("0.448");
        assertThat(s.quantity(Meter.CPU_MS)).isEqualByComparingTo("3.75");
    }

    @Test
    void recordingTheSameEventTwiceCountsOnce() throws Exception {
        UsageEvent event = execution("same-id", A, NOV_1.plusSeconds(5), 1_000_000, 1_000_000, 1, 1, "0.064");

        recordDurably(event);
        recordDurably(event);

        assertThat(store.summarize(A, NOV_1, DEC_1).executions()).isEqualTo(1);
    }

    @Test
    void concurrentRecordsOfTheSameEventCountOnce() throws Exception {
        UsageEvent event = execution("dup", A, NOV_1.plusSeconds(5), 1_000_000, 1_000_000, 1, 1, "0.064");
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            futures.add(store.record(event));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        assertThat(store.summarize(A, NOV_1, DEC_1).executions()).isEqualTo(1);
    }

    @Test
    void anEventWhoseWaiterGaveUpCountsAtMostOnceAndCanBeRecordedAgain() throws Exception {
        UsageEvent abandoned = execution("abandoned", A, NOV_1.plusSeconds(5), 1_000_000, 1_000_000, 1, 1, "0.064");
        store.record(abandoned).completeExceptionally(new TimeoutException("gave up"));
        recordDurably(execution("kept", A, NOV_1.plusSeconds(6), 1_000_000, 1_000_000, 1, 1, "0.064"));

        assertThat(store.summarize(A, NOV_1, DEC_1).executions()).isBetween(1L, 2L);

        recordDurably(abandoned);
        assertThat(store.summarize(A, NOV_1, DEC_1).executions()).isEqualTo(2);
    }

    @Test
    void manyConcurrentEventsAreAllCounted() throws Exception {
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            futures.add(store.record(execution("m" + i, A, NOV_1.plusSeconds(i), 1_000_000, 2_000_000, 10, 0, "0.128")));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        UsageSummary s = store.summarize(A, NOV_1, DEC_1);
        assertThat(s.executions()).isEqualTo(500);
        assertThat(s.memoryMbSeconds()).isEqualByComparingTo("64.000");
    }

    @Test
    void periodsAreHalfOpen() throws Exception {
        recordDurably(execution("before", A, NOV_1.minusNanos(1_000), 1, 1, 1, 0, "0"));
        recordDurably(execution("first", A, NOV_1, 1, 1, 1, 0, "0"));
        recordDurably(execution("last", A, DEC_1.minusSeconds(1), 1, 1, 1, 0, "0"));
        recordDurably(execution("after", A, DEC_1, 1, 1, 1, 0, "0"));

        assertThat(store.summarize(A, NOV_1, DEC_1).executions()).isEqualTo(2);
    }

    @Test
    void usageOfOneTenantNeverShowsInAnothers() throws Exception {
        recordDurably(execution("a1", A, NOV_1.plusSeconds(1), 5, 5, 5, 5, "1"));

        assertThat(store.summarize(B, NOV_1, DEC_1).executions()).isZero();
        assertThat(store.usage(B, Granularity.DAY, NOV_1, DEC_1)).isEmpty();
    }

    @Test
    void aggregatesIntoUtcBucketsOldestFirst() throws Exception {
        recordDurably(execution("h1", A, Instant.parse("2026-11-03T10:05:00Z"), 1, 1, 1, 0, "0"));
        recordDurably(execution("h2", A, Instant.parse("2026-11-03T10:55:00Z"), 1, 1, 1, 0, "0"));
        recordDurably(execution("h3", A, Instant.parse("2026-11-03T11:00:00Z"), 1, 1, 1, 0, "0"));
        recordDurably(execution("d2", A, Instant.parse("2026-11-04T00:00:00Z"), 1, 1, 1, 0, "0"));

        List<UsageSummary> hours = store.usage(A, Granularity.HOUR, NOV_1, DEC_1);
        List<UsageSummary> days = store.usage(A, Granularity.DAY, NOV_1, DEC_1);
        List<UsageSummary> months = store.usage(A, Granularity.MONTH, NOV_1, DEC_1);

        assertThat(hours).extracting(UsageSummary::from).containsExactly(Instant.parse("2026-11-03T10:00:00Z"),
                Instant.parse("2026-11-03T11:00:00Z"), Instant.parse("2026-11-04T00:00:00Z"));
        assertThat(hours).extracting(UsageSummary::executions).containsExactly(2L, 1L, 1L);
        assertThat(hours.get(0).to()).isEqualTo(Instant.parse("2026-11-03T11:00:00Z"));
        assertThat(days).extracting(UsageSummary::executions).containsExactly(3L, 1L);
        assertThat(months).singleElement().satisfies(m -> {
            assertThat(m.from()).isEqualTo(NOV_1);
            assertThat(m.executions()).isEqualTo(4);
        });
    }

    @Test
    void storageSamplesCountAsByteHours() throws Exception {
        recordDurably(new UsageEvent("s1", A, NOV_1.plusSeconds(3600), UsageKind.STORAGE, "storage", "sample",
                ExecutionUsage.NONE, new BigDecimal("1073741824")));

        UsageSummary s = store.summarize(A, NOV_1, DEC_1);
        assertThat(s.executions()).isZero();
        assertThat(s.quantity(Meter.STORAGE_GB_HOURS)).isEqualByComparingTo("1");
    }

    @Test
    void ranksTenantsByAnyMeterLargestFirst() throws Exception {
        TenantId c = TenantId.of("tenant-c");
        recordDurably(execution("a", A, NOV_1.plusSeconds(1), 5_000_000, 1, 1, 0, "0"));
        recordDurably(execution("b", B, NOV_1.plusSeconds(1), 9_000_000, 1, 1, 0, "0"));
        recordDurably(execution("c", c, NOV_1.plusSeconds(1), 1_000_000, 1, 1, 7, "0"));

        List<TenantUsage> byCpu = store.top(Meter.CPU_MS, NOV_1, DEC_1, 2);
        List<TenantUsage> byCalls = store.top(Meter.API_CALLS, NOV_1, DEC_1, 1);

        assertThat(byCpu).extracting(TenantUsage::tenant).containsExactly(B, A);
        assertThat(byCpu.get(0).quantity()).isEqualByComparingTo("9");
        assertThat(byCalls).extracting(TenantUsage::tenant).containsExactly(c);
    }

    @Test
    void summarizesAllTenantsInIdOrder() throws Exception {
        recordDurably(execution("b1", B, NOV_1.plusSeconds(1), 1, 1, 1, 0, "0"));
        recordDurably(execution("a1", A, NOV_1.plusSeconds(1), 1, 1, 1, 0, "0"));
        recordDurably(execution("a2", A, NOV_1.plusSeconds(2), 1, 1, 1, 0, "0"));

        assertThat(store.summarizeAll(NOV_1, DEC_1)).extracting(UsageSummary::tenant, UsageSummary::executions)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(A, 2L), org.assertj.core.groups.Tuple.tuple(B, 1L));
    }

    @Test
    void anEmptyPeriodSummarizesToZero() {
        UsageSummary s = store.summarize(A, NOV_1, DEC_1);

        assertThat(s.tenant()).isEqualTo(A);
        assertThat(s.from()).isEqualTo(NOV_1);
        assertThat(s.to()).isEqualTo(DEC_1);
        assertThat(s.executions()).isZero();
        assertThat(s.cpuNanos()).isZero();
        assertThat(s.memoryMbSeconds()).isEqualByComparingTo("0");
        assertThat(s.storageByteHours()).isEqualByComparingTo("0");
        assertThat(store.available()).isTrue();
    }

    // --- UsageHistory, for stores that offer it (UsageStore.history() present); skipped otherwise

    private void recordHistoryOfA() throws Exception {
        recordDurably(execution("h1", A, NOV_1.plusSeconds(10), 1_000_000, 2_000_000, 100, 1, "0.128"));
        recordDurably(execution("h2", A, NOV_1.plusSeconds(20), 3_000_000, 4_000_000, 200, 2, "0.256"));
        recordDurably(execution("h3", A, NOV_1.plusSeconds(86_400 + 3_600), 5_000_000, 6_000_000, 300, 0, "0.5"));
        recordDurably(new UsageEvent("h4", A, NOV_1.plusSeconds(7_200), UsageKind.STORAGE, "storage", "sample",
                ExecutionUsage.NONE, new BigDecimal("1024.5")));
        recordDurably(execution("other", B, NOV_1.plusSeconds(10), 1, 1, 1, 1, "0.001"));
    }

    @Test
    void historyReadsOneTenantsEventsAndRollupsOldestFirst() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(store.history().isPresent(), "the store offers no UsageHistory");
        recordHistoryOfA();

        UsageArchive archive = store.history().orElseThrow().read(A);

        assertThat(archive.tenant()).isEqualTo(A);
        assertThat(archive.events()).extracting(UsageEvent::eventId).containsExactly("h1", "h2", "h4", "h3");
        assertThat(archive.hourly()).extracting(UsageSummary::from).containsExactly(NOV_1, NOV_1.plusSeconds(7_200),
                NOV_1.plusSeconds(86_400 + 3_600));
        assertThat(archive.hourly().get(0).executions()).isEqualTo(2);
        assertThat(archive.hourly().get(0).cpuNanos()).isEqualTo(4_000_000);
        assertThat(archive.hourly().get(0).to()).isEqualTo(NOV_1.plusSeconds(3_600));
        assertThat(archive.daily()).hasSize(2);
        assertThat(archive.daily().get(0).storageByteHours()).isEqualByComparingTo("1024.5");
        assertThat(archive.daily().get(0).memoryMbSeconds()).isEqualByComparingTo("0.384");
    }

    @Test
    void historyOfATenantWithoutUsageIsEmpty() {
        org.junit.jupiter.api.Assumptions.assumeTrue(store.history().isPresent(), "the store offers no UsageHistory");

        assertThat(store.history().orElseThrow().read(A).isEmpty()).isTrue();
    }

    @Test
    void historyRestoredIntoAnEmptyStoreAnswersAsTheSourceDid() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(store.history().isPresent(), "the store offers no UsageHistory");
        recordHistoryOfA();
        UsageArchive archive = store.history().orElseThrow().read(A);
        UsageSummary before = store.summarize(A, NOV_1, DEC_1);
        List<UsageSummary> daysBefore = store.usage(A, Granularity.DAY, NOV_1, DEC_1);
        store.close();
        store = createStore();

        store.history().orElseThrow().restore(archive);

        assertThat(normalized(store.history().orElseThrow().read(A))).isEqualTo(normalized(archive));
        assertThat(normalized(List.of(store.summarize(A, NOV_1, DEC_1)))).isEqualTo(normalized(List.of(before)));
        assertThat(normalized(store.usage(A, Granularity.DAY, NOV_1, DEC_1))).isEqualTo(normalized(daysBefore));
        assertThat(store.summarize(B, NOV_1, DEC_1).executions()).isZero();
    }

    @Test
    void historyIsNotRestoredOverUsageTheStoreHolds() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(store.history().isPresent(), "the store offers no UsageHistory");
        recordHistoryOfA();
        UsageArchive archive = store.history().orElseThrow().read(A);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.history().orElseThrow().restore(archive))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(A.value());
        assertThat(store.summarize(A, NOV_1, DEC_1).executions()).isEqualTo(3);
    }

    /** Summaries as text with decimals in their shortest form, so stores that keep other scales compare equal. */
    private static List<String> normalized(List<UsageSummary> summaries) {
        return summaries.stream().map(s -> s.tenant() + " " + s.from() + " " + s.to() + " " + s.executions() + " "
                + s.cpuNanos() + " " + s.wallNanos() + " " + s.memoryMbSeconds().stripTrailingZeros().toPlainString()
                + " " + s.apiCalls() + " " + s.allocatedBytes() + " "
                + s.storageByteHours().stripTrailingZeros().toPlainString()).toList();
    }

    private static List<String> normalized(UsageArchive a) {
        List<String> out = new ArrayList<>();
        a.events().forEach(e -> out.add(e.eventId() + " " + e.tenant() + " " + e.occurredAt() + " " + e.kind() + " "
                + e.operation() + " " + e.outcome() + " " + e.usage().cpuNanos() + " " + e.usage().wallNanos() + " "
                + e.usage().allocatedBytes() + " " + e.usage().apiCalls() + " " + e.usage().outputBytes() + " "
                + e.usage().memoryMbSeconds().stripTrailingZeros().toPlainString() + " "
                + e.storageByteHours().stripTrailingZeros().toPlainString()));
        out.addAll(normalized(a.hourly()));
        out.add("--");
        out.addAll(normalized(a.daily()));
        return out;
    }
}
