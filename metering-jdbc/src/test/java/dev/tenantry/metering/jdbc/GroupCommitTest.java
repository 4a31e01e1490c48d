package dev.tenantry.metering.jdbc;

import dev.tenantry.spi.PluginConfig;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.execution.ExecutionUsage;
import dev.tenantry.spi.metering.MeteringUnavailableException;
import dev.tenantry.spi.metering.UsageEvent;
import dev.tenantry.testkit.TestingProviderContext;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.jooq.impl.DSL;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static dev.tenantry.metering.jdbc.schema.Tables.USAGE_EVENT;
import static dev.tenantry.metering.jdbc.schema.Tables.USAGE_HOURLY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupCommitTest {
    private static final TenantId A = TenantId.of("tenant-a");
    private static final Instant NOV_1 = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant DEC_1 = Instant.parse("2026-12-01T00:00:00Z");

    private static UsageEvent event(String id) {
        return UsageEvent.execution(id, A, NOV_1.plusSeconds(60), "execute", "succeeded",
                new ExecutionUsage(1_000_000, 2_000_000, 100, 1, 0, new BigDecimal("0.128")));
    }

    @Test
    void concurrentEventsShareCommits() throws Exception {
        try (TestDatabase db = TestDatabase.h2(Map.of("group-commit-window", "20ms"));
             JdbcUsageStore store = db.usageStore()) {
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                futures.add(store.record(event("e" + i)));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

            assertThat(store.summarize(A, NOV_1, DEC_1).executions()).isEqualTo(300);
            assertThat(store.commits()).isLessThan(300 / 10);
        }
    }

    @Test
    void aBatchNeverExceedsTheConfiguredSize() throws Exception {
        try (TestDatabase db = TestDatabase.h2(Map.of("group-commit-window", "50ms", "group-commit-max-batch", "10"));
             JdbcUsageStore store = db.usageStore()) {
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                futures.add(store.record(event("e" + i)));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

            assertThat(store.commits()).isGreaterThanOrEqualTo(10);
        }
    }

    @Test
    void closeDrainsEveryPendingEventBeforeItReturns() throws Exception {
        try (TestDatabase db = TestDatabase.h2()) {
            JdbcUsageStore store = db.usageStore();
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                futures.add(store.record(event("d" + i)));
            }
            store.close();

            assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
            try (JdbcUsageStore reopened = db.usageStore()) {
                assertThat(reopened.summarize(A, NOV_1, DEC_1).executions()).isEqualTo(2_000);
            }
        }
    }

    @Test
    void recordingAfterCloseFailsAsUnavailable() throws Exception {
        try (TestDatabase db = TestDatabase.h2()) {
            JdbcUsageStore store = db.usageStore();
            store.close();

            assertThatThrownBy(() -> store.record(event("late")).get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(MeteringUnavailableException.class);
            assertThat(store.available()).isFalse();
        }
    }

    @Test
    void anEventRetriedAfterARestartStillCountsOnce() throws Exception {
        try (TestDatabase db = TestDatabase.h2()) {
            try (JdbcUsageStore first = db.usageStore()) {
                first.record(event("retry")).get(10, TimeUnit.SECONDS);
            }
            try (JdbcUsageStore second = db.usageStore()) {
                second.record(event("retry")).get(10, TimeUnit.SECONDS);

                assertThat(second.summarize(A, NOV_1, DEC_1).executions()).isEqualTo(1);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "mysql"})
    void anIdTwiceInOneBatchCountsOnce(String kind) throws Exception {
        // One writer: with two, the second could take the second copy into a batch of its own.
        try (TestDatabase db = TestDatabase.of(kind, Map.of("group-commit-window", "200ms", "group-commit-writers", "1"));
             JdbcUsageStore store = db.usageStore()) {
            CompletableFuture<Void> first = store.record(event("twice"));
            CompletableFuture<Void> second = store.record(event("twice"));
            CompletableFuture.allOf(first, second).get(10, TimeUnit.SECONDS);

            assertThat(store.commits()).as("both in one batch").isEqualTo(1);
            assertThat(store.summarize(A, NOV_1, DEC_1).executions()).isEqualTo(1);
            store.rollUpPending();
            assertThat(hourlyExecutions(db)).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "mysql"})
    void anEventWhoseWaiterGaveUpBeforeItsCommitIsNotWritten(String kind) throws Exception {
        // One writer and a long window: all three events are taken into one batch, which is sent a second
        // after the first arrived; the second event's waiter gives up long before that.
        try (TestDatabase db = TestDatabase.of(kind, Map.of("group-commit-window", "1s", "group-commit-writers", "1"));
             JdbcUsageStore store = db.usageStore()) {
            CompletableFuture<Void> kept = store.record(event("kept"));
            CompletableFuture<Void> abandoned = store.record(event("abandoned"));
            CompletableFuture<Void> alsoKept = store.record(event("also-kept"));
            abandoned.completeExceptionally(new TimeoutException("the execution stopped waiting"));
            CompletableFuture.allOf(kept, alsoKept).get(10, TimeUnit.SECONDS);

            assertThat(store.commits()).as("one batch").isEqualTo(1);
            assertThat(storedIds(db)).containsExactlyInAnyOrder("kept", "also-kept");
            store.rollUpPending();
            assertThat(hourlyExecutions(db)).isEqualTo(2);

            // Not lost for good: recorded again, it counts once.
            store.record(event("abandoned")).get(10, TimeUnit.SECONDS);
            assertThat(store.summarize(A, NOV_1, DEC_1).executions()).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "mysql"})
    void anIdInALaterBatchCountsOnceBeforeAndAfterTheFirstCopyWasRolledUp(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.of(kind); JdbcUsageStore store = db.usageStoreWithoutBackgroundRollup()) {
            store.record(event("again")).get(10, TimeUnit.SECONDS);
            store.record(event("again")).get(10, TimeUnit.SECONDS);
            assertThat(store.summarize(A, NOV_1, DEC_1).executions()).isEqualTo(1);

            store.rollUpPending();
            store.record(event("again")).get(10, TimeUnit.SECONDS);

            assertThat(store.rollUpPending()).isZero();
            assertThat(store.summarize(A, NOV_1, DEC_1).executions()).isEqualTo(1);
            assertThat(hourlyExecutions(db)).isEqualTo(1);
        }
    }

    @Test
    void onH2TheCommitThatStoresAnEventAddsItToTheRollups() throws Exception {
        try (TestDatabase db = TestDatabase.h2(); JdbcUsageStore store = db.usageStoreWithoutBackgroundRollup()) {
            store.record(event("now")).get(10, TimeUnit.SECONDS);
            store.record(event("now")).get(10, TimeUnit.SECONDS);

            assertThat(hourlyExecutions(db)).isEqualTo(1);
            assertThat(store.rollUpPending()).isZero();
        }
    }

    @Test
    void closeRollsUpWhatItWrote() throws Exception {
        try (TestDatabase db = TestDatabase.h2()) {
            JdbcUsageStore store = db.usageStore();
            for (int i = 0; i < 500; i++) {
                store.record(event("c" + i));
            }
            store.close();

            assertThat(hourlyExecutions(db)).isEqualTo(500);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "mysql"})
    void expiredRawEventsAreDeletedWhileCommitsNeverPause(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.of(kind, Map.of("retention", "1d", "retention-interval", "100ms"));
             JdbcUsageStore store = db.usageStore()) {
            Instant expired = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.DAYS);
            for (int i = 0; i < 30; i++) {
                store.record(eventAt("expired-" + i, expired.plusSeconds(i))).get(10, TimeUnit.SECONDS);
            }
            // A steady stream of current events: the writers never wait long for the next one.
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong live = new AtomicLong();
            Thread producer = Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    store.record(eventAt("live-" + live.incrementAndGet(), Instant.now())).join();
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                }
            });
            try {
                // A bound on waiting for the background purge, not a timing assertion.
                for (int i = 0; i < 400 && rawEventsBefore(db, expired.plus(Duration.ofDays(1))) > 0; i++) {
                    Thread.sleep(50);
                }
                assertThat(rawEventsBefore(db, expired.plus(Duration.ofDays(1)))).isZero();
                assertThat(producer.isAlive()).as("still recording").isTrue();
            } finally {
                stop.set(true);
                producer.join();
            }
            // Their rollups stay; the current events are kept.
            assertThat(store.summarize(A, expired, expired.plus(Duration.ofDays(1))).executions()).isEqualTo(30);
            assertThat(rawEventsBefore(db, Instant.now().plusSeconds(60))).isEqualTo(live.get());
        }
    }

    private static UsageEvent eventAt(String id, Instant at) {
        return UsageEvent.execution(id, A, at, "execute", "succeeded",
                new ExecutionUsage(1_000_000, 2_000_000, 100, 1, 0, new BigDecimal("0.128")));
    }

    private static long rawEventsBefore(TestDatabase db, Instant cutoff) {
        return db.database().dsl().fetchCount(USAGE_EVENT, USAGE_EVENT.OCCURRED_AT.lt(Nanos.of(cutoff)));
    }

    @Test
    void commitsWaitWhileTheRollupIsTooFarBehindAndGoOnWhenItStalls() throws Exception {
        try (TestDatabase db = TestDatabase.mysql(Map.of("rollup-max-lag", "100", "group-commit-max-batch", "20"));
             JdbcUsageStore store = db.usageStore();
             Connection blocker = DriverManager.getConnection(TestDatabase.mysqlUrl())) {
            store.record(event("first")).get(10, TimeUnit.SECONDS);
            awaitHourlyExecutions(db, 1);
            // Holds the hour's rollup row: the roller's next transaction claims events and then waits on it.
            blocker.setAutoCommit(false);
            try (Statement lock = blocker.createStatement()) {
                lock.executeQuery("SELECT executions FROM usage_hourly WHERE tenant_id = 'tenant-a' FOR UPDATE")
                        .close();
            }

            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                futures.add(store.record(event("held-" + i)));
            }
            // Well inside the five seconds after which commits stop waiting for a stalled roller.
            Thread.sleep(1_500);
            long acknowledged = futures.stream().filter(CompletableFuture::isDone).count();
            // Two writers may each add one batch of 20 to a lag of exactly 100 (plus "first", if not yet counted).
            assertThat(acknowledged).as("commits stop at about rollup-max-lag events").isBetween(100L, 141L);

            // The roller still finishes nothing: the writers go on without it.
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            assertThat(store.summarize(A, NOV_1, DEC_1).executions()).isEqualTo(401);

            blocker.rollback();
            awaitHourlyExecutions(db, 401);
            assertThat(store.summarize(A, NOV_1, DEC_1).executions()).isEqualTo(401);
        }
    }

    private static void awaitHourlyExecutions(TestDatabase db, long expected) throws InterruptedException {
        // A bound on waiting for the background rollup, not a timing assertion.
        for (int i = 0; i < 600 && hourlyExecutions(db) != expected; i++) {
            Thread.sleep(50);
        }
        assertThat(hourlyExecutions(db)).isEqualTo(expected);
    }

    private static List<String> storedIds(TestDatabase db) {
        return db.database().dsl().select(USAGE_EVENT.EVENT_ID).from(USAGE_EVENT).fetch(USAGE_EVENT.EVENT_ID).stream()
                .map(id -> new String(id, StandardCharsets.UTF_8)).toList();
    }

    private static long hourlyExecutions(TestDatabase db) {
        Long sum = db.database().dsl().select(DSL.sum(USAGE_HOURLY.EXECUTIONS)).from(USAGE_HOURLY)
                .where(USAGE_HOURLY.TENANT_ID.eq(A.value())).fetchOne(0, Long.class);
        return sum == null ? 0 : sum;
    }

    @Test
    void eventIdsDifferingOnlyInCaseAreDistinct() throws Exception {
        try (TestDatabase db = TestDatabase.h2(); JdbcUsageStore store = db.usageStore()) {
            store.record(event("Abc")).get(10, TimeUnit.SECONDS);
            store.record(event("abc")).get(10, TimeUnit.SECONDS);

            assertThat(store.summarize(A, NOV_1, DEC_1).executions()).isEqualTo(2);
        }
    }

    @Test
    void aCommitTheServerDoesNotAnswerFailsAfterTheSocketTimeoutAndTheStoreRecovers() throws Exception {
        try (TestDatabase db = TestDatabase.mysql(Map.of("socket-timeout", "1s", "group-commit-writers", "1"));
             JdbcUsageStore store = db.usageStore();
             Connection blocker = DriverManager.getConnection(TestDatabase.mysqlUrl())) {
            // The commit's insert waits for the lock (up to the server's lock wait timeout, 50 s by default),
            // and the server sends nothing meanwhile, as on a dead link.
            holdUncommitted(blocker, "held");

            assertThatThrownBy(() -> store.record(event("held")).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(MeteringUnavailableException.class);

            blocker.rollback();
            awaitAvailable(store);
            // The server may still have run the abandoned insert once the lock was free: the retry counts once.
            store.record(event("held")).get(10, TimeUnit.SECONDS);
            store.record(event("after")).get(10, TimeUnit.SECONDS);
            assertThat(store.summarize(A, NOV_1, DEC_1).executions()).isEqualTo(2);
        }
    }

    @Test
    void aFullQueueMakesTheStoreUnavailableUntilItDrains() throws Exception {
        try (TestDatabase db = TestDatabase.mysql(Map.of("queue-capacity", "2", "group-commit-writers", "1"));
             JdbcUsageStore store = db.usageStore();
             Connection blocker = DriverManager.getConnection(TestDatabase.mysqlUrl())) {
            // The writer's commit waits on the lock of the uncommitted row.
            holdUncommitted(blocker, "held");
            CompletableFuture<Void> held = store.record(event("held"));
            for (int i = 0; i < 100 && store.queued() > 0; i++) {
                Thread.sleep(20);
            }
            assertThat(store.queued()).as("the writer took the held event").isZero();
            CompletableFuture<Void> first = store.record(event("q1"));
            assertThat(store.available()).isTrue();
            CompletableFuture<Void> second = store.record(event("q2"));

            assertThat(store.available()).as("queue full").isFalse();

            blocker.rollback();
            CompletableFuture.allOf(held, first, second).get(30, TimeUnit.SECONDS);
            assertThat(store.available()).isTrue();
            assertThat(store.summarize(A, NOV_1, DEC_1).executions()).isEqualTo(3);
        }
    }

    /**
     * Inserts a usage event row with {@code id} on {@code blocker} and leaves it uncommitted: a commit of the same
     * id then waits for its lock until the blocker rolls back.
     */
    private static void holdUncommitted(Connection blocker, String id) throws Exception {
        blocker.setAutoCommit(false);
        try (PreparedStatement hold = blocker.prepareStatement("INSERT INTO usage_event (event_id, tenant_id, "
                + "occurred_at, kind, operation, outcome, cpu_nanos, wall_nanos, allocated_bytes, api_calls, "
                + "output_bytes, memory_mb_seconds, storage_byte_hours, rolled_up) VALUES (?, 'tenant-a', 0, "
                + "'EXECUTION', 'execute', 'succeeded', 0, 0, 0, 0, 0, 0, 0, TRUE)")) {
            hold.setBytes(1, id.getBytes(StandardCharsets.UTF_8));
            hold.executeUpdate();
        }
    }

    @Test
    void aDatabaseOutageFailsRecordsAsUnavailableAndTheStoreRecoversWhenItReturns(@TempDir Path dir) throws Exception {
        Server server = Server.createTcpServer("-tcpPort", "0", "-baseDir", dir.toString(), "-ifNotExists").start();
        int port = server.getPort();
        String url = "jdbc:h2:tcp://localhost:" + port + "/tenantry";
        try (TestingProviderContext context = TestingProviderContext.of(
                PluginConfig.of("database", Map.of("url", url, "connect-timeout", "500ms")), dir)) {
            JdbcUsageStore store = (JdbcUsageStore) new JdbcMeteringProvider().create(context);
            store.record(event("before")).get(10, TimeUnit.SECONDS);

            server.stop();
            CompletableFuture<Void> during = store.record(event("during"));
            assertThatThrownBy(() -> during.get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(MeteringUnavailableException.class);
            assertThat(store.available()).isFalse();

            server = Server.createTcpServer("-tcpPort", String.valueOf(port), "-baseDir", dir.toString(),
                    "-ifNotExists").start();
            awaitAvailable(store);
            store.record(event("after")).get(10, TimeUnit.SECONDS);

            assertThat(store.summarize(A, NOV_1, DEC_1).executions()).isEqualTo(2);
            store.close();
        } finally {
            server.stop();
        }
    }

    private static void awaitAvailable(JdbcUsageStore store) throws InterruptedException {
        // A bound on waiting, not a timing assertion: the writer probes the database about once a second.
        for (int i = 0; i < 300 && !store.available(); i++) {
            Thread.sleep(100);
        }
        assertThat(store.available()).as("available again after the database returned").isTrue();
    }
}
