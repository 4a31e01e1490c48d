package dev.tenantry.testkit.quota;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.quota.CounterKey;
import dev.tenantry.spi.quota.CounterLimit;
import dev.tenantry.spi.quota.CounterUpdate;
import dev.tenantry.spi.quota.QuotaStateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link QuotaStateStore} must do: all-or-nothing increments across counters, never past a limit,
 * also under concurrency. Extend it and return a new, empty store from {@link #createStore()}.
 */
public abstract class QuotaStateStoreContract {
    private static final TenantId A = TenantId.of("tenant-a");
    private static final TenantId B = TenantId.of("tenant-b");
    private static final Instant DAY = Instant.parse("2026-11-23T00:00:00Z");
    private static final Instant MONTH = Instant.parse("2026-11-01T00:00:00Z");

    private QuotaStateStore store;

    /** {@return a new, empty store} */
    protected abstract QuotaStateStore createStore();

    @BeforeEach
    final void openStore() {
        store = createStore();
    }

    @AfterEach
    final void closeStore() {
        store.close();
    }

    private static CounterKey daily(TenantId t) {
        return new CounterKey(t, "executions.daily", DAY);
    }

    private static CounterKey monthly(TenantId t) {
        return new CounterKey(t, "executions.monthly", MONTH);
    }

    @Test
    void countersStartAtZero() {
        assertThat(store.get(daily(A))).isZero();
    }

    @Test
    void incrementsEveryCounterAndReportsTheNewValues() {
        CounterUpdate update = store.tryIncrement(
                List.of(new CounterLimit(daily(A), 10), new CounterLimit(monthly(A), 100)), 3);

        assertThat(update).isEqualTo(new CounterUpdate.Applied(Map.of(daily(A), 3L, monthly(A), 3L)));
        assertThat(store.get(daily(A))).isEqualTo(3);
        assertThat(store.get(monthly(A))).isEqualTo(3);
    }

    @Test
    void allowsReachingTheLimitExactly() {
        assertThat(store.tryIncrement(List.of(new CounterLimit(daily(A), 2)), 2)).isInstanceOf(CounterUpdate.Applied.class);
        assertThat(store.get(daily(A))).isEqualTo(2);
    }

    @Test
    void refusesAnIncrementPastALimitAndChangesNoCounter() {
        store.tryIncrement(List.of(new CounterLimit(daily(A), 5), new CounterLimit(monthly(A), 100)), 5);

        CounterUpdate update = store.tryIncrement(
                List.of(new CounterLimit(monthly(A), 100), new CounterLimit(daily(A), 5)), 1);

        assertThat(update).isEqualTo(new CounterUpdate.Exceeded(new CounterLimit(daily(A), 5), 5));
        assertThat(store.get(monthly(A))).isEqualTo(5);
        assertThat(store.get(daily(A))).isEqualTo(5);
    }

    @Test
    void reportsTheFirstCounterInTheGivenOrderThatWouldPassItsLimit() {
        CounterUpdate update = store.tryIncrement(
                List.of(new CounterLimit(daily(A), 0), new CounterLimit(monthly(A), 0)), 1);

        assertThat(update).isInstanceOfSatisfying(CounterUpdate.Exceeded.class,
                e -> assertThat(e.counter().key()).isEqualTo(daily(A)));
    }

    @Test
    void windowsAndTenantsAreSeparateCounters() {
        store.tryIncrement(List.of(new CounterLimit(daily(A), 10)), 4);
        CounterKey nextDay = new CounterKey(A, "executions.daily", DAY.plusSeconds(86_400));

        assertThat(store.get(nextDay)).isZero();
        assertThat(store.get(daily(B))).isZero();
    }

    @Test
    void decrementRefundsButNeverGoesBelowZero() {
        store.tryIncrement(List.of(new CounterLimit(daily(A), 10), new CounterLimit(monthly(A), 10)), 2);

        store.decrement(List.of(daily(A), monthly(A)), 1);
        assertThat(store.get(daily(A))).isEqualTo(1);
        store.decrement(List.of(daily(A)), 5);
        assertThat(store.get(daily(A))).isZero();
        assertThat(store.get(monthly(A))).isEqualTo(1);
    }

    @Test
    void purgeRemovesOnlyWindowsStartedBeforeTheCutoff() {
        CounterKey old = new CounterKey(A, "executions.daily", DAY.minusSeconds(86_400));
        store.tryIncrement(List.of(new CounterLimit(old, 10)), 1);
        store.tryIncrement(List.of(new CounterLimit(daily(A), 10)), 1);

        assertThat(store.purgeBefore(DAY)).isEqualTo(1);

        assertThat(store.get(old)).isZero();
        assertThat(store.get(daily(A))).isEqualTo(1);
    }

    @Test
    void concurrentIncrementsNeverPassTheLimit() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> applied = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                applied.add(pool.submit(() -> {
                    start.await();
                    int ok = 0;
                    for (int i = 0; i < 25; i++) {
                        CounterUpdate u = store.tryIncrement(
                                List.of(new CounterLimit(daily(A), 50), new CounterLimit(monthly(A), 1_000)), 1);
                        if (u instanceof CounterUpdate.Applied) {
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : applied) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(50);
            assertThat(store.get(daily(A))).isEqualTo(50);
            assertThat(store.get(monthly(A))).isEqualTo(50);
        } finally {
            pool.shutdownNow();
        }
    }
}
