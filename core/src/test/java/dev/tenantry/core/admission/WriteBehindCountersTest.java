package dev.tenantry.core.admission;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.quota.CounterKey;
import dev.tenantry.spi.quota.CounterLimit;
import dev.tenantry.spi.quota.CounterUpdate;
import dev.tenantry.spi.quota.QuotaStateStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WriteBehindCountersTest {
    private static final TenantId A = TenantId.of("a");
    private static final CounterKey DAY = new CounterKey(A, "executions.daily", Instant.parse("2026-11-23T00:00:00Z"));
    private static final CounterKey MONTH = new CounterKey(A, "executions.monthly", Instant.parse("2026-11-01T00:00:00Z"));
    /** Long enough that no background flush runs during a test: each test flushes itself. */
    private static final Duration NEVER = Duration.ofHours(1);

    private static List<CounterLimit> limits(long limit) {
        return List.of(new CounterLimit(DAY, limit), new CounterLimit(MONTH, limit));
    }

    @Test
    void admissionsReachTheStoreOnlyWhenFlushed() {
        MemoryQuotaStateStore shared = new MemoryQuotaStateStore();
        WriteBehindCounters node = new WriteBehindCounters(shared, NEVER);

        node.tryIncrement(limits(10), 1);
        node.tryIncrement(limits(10), 1);
        assertThat(shared.get(DAY)).isZero();
        assertThat(node.get(DAY)).isEqualTo(2);

        node.flush();
        assertThat(shared.get(DAY)).isEqualTo(2);
        assertThat(shared.get(MONTH)).isEqualTo(2);
        node.close();
    }

    @Test
    void startsFromTheStoresValueAndTakesOtherNodesAdmissionsAtEachFlush() {
        MemoryQuotaStateStore shared = new MemoryQuotaStateStore();
        shared.tryIncrement(limits(100), 7);
        WriteBehindCounters one = new WriteBehindCounters(shared, NEVER);
        WriteBehindCounters two = new WriteBehindCounters(shared, NEVER);

        assertThat(one.tryIncrement(limits(10), 1)).isEqualTo(new CounterUpdate.Applied(java.util.Map.of(DAY, 8L, MONTH, 8L)));
        two.tryIncrement(limits(10), 1);
        one.flush();
        two.flush();
        // node one learns of node two's admission at its next flush
        one.tryIncrement(limits(10), 1);
        one.flush();

        assertThat(one.get(DAY)).isEqualTo(10);
        assertThat(shared.get(DAY)).isEqualTo(10);
        assertThat(one.tryIncrement(limits(10), 1)).isInstanceOf(CounterUpdate.Exceeded.class);
        one.close();
        two.close();
    }

    @Test
    void refundsAreWrittenToo() {
        MemoryQuotaStateStore shared = new MemoryQuotaStateStore();
        WriteBehindCounters node = new WriteBehindCounters(shared, NEVER);
        node.tryIncrement(limits(10), 3);
        node.flush();

        node.decrement(List.of(DAY, MONTH), 1);
        node.flush();

        assertThat(shared.get(DAY)).isEqualTo(2);
        assertThat(shared.get(MONTH)).isEqualTo(2);
        node.close();
    }

    @Test
    void closeWritesWhatIsPendingAndLeavesTheStoreOpen() {
        MemoryQuotaStateStore shared = new MemoryQuotaStateStore();
        WriteBehindCounters node = new WriteBehindCounters(shared, NEVER);
        node.tryIncrement(limits(10), 4);

        node.close();

        assertThat(shared.get(DAY)).isEqualTo(4);
        assertThat(shared.tryIncrement(limits(10), 1)).isInstanceOf(CounterUpdate.Applied.class);
    }

    @Test
    void keepsWhatAFailedFlushCouldNotWriteForTheNextOne() {
        FlakyStore shared = new FlakyStore();
        WriteBehindCounters node = new WriteBehindCounters(shared, NEVER);
        node.tryIncrement(limits(10), 2);

        shared.down = true;
        assertThatThrownBy(node::flush).isInstanceOf(IllegalStateException.class);
        node.tryIncrement(limits(10), 1);
        shared.down = false;
        node.flush();

        assertThat(shared.get(DAY)).isEqualTo(3);
        assertThat(node.get(DAY)).isEqualTo(3);
        node.close();
    }

    @Test
    void flushesOnItsOwnAtTheInterval() throws InterruptedException {
        MemoryQuotaStateStore shared = new MemoryQuotaStateStore();
        WriteBehindCounters node = new WriteBehindCounters(shared, Duration.ofMillis(10));
        node.tryIncrement(limits(10), 5);

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (shared.get(DAY) != 5 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(shared.get(DAY)).isEqualTo(5);
        node.close();
    }

    /** A store whose writes fail while {@code down}. */
    private static final class FlakyStore implements QuotaStateStore {
        private final MemoryQuotaStateStore delegate = new MemoryQuotaStateStore();
        volatile boolean down;

        @Override
        public CounterUpdate tryIncrement(List<CounterLimit> counters, long delta) {
            if (down) {
                throw new IllegalStateException("database unreachable");
            }
            return delegate.tryIncrement(counters, delta);
        }

        @Override
        public void decrement(Collection<CounterKey> counters, long delta) {
            delegate.decrement(counters, delta);
        }

        @Override
        public long get(CounterKey counter) {
            return delegate.get(counter);
        }

        @Override
        public long purgeBefore(Instant cutoff) {
            return delegate.purgeBefore(cutoff);
        }

        @Override
        public void close() {
        }
    }
}
