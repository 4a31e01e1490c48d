package dev.tenantry.metering.jdbc;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.tenantry.metering.jdbc.schema.Tables.USAGE_EVENT;
import static dev.tenantry.metering.jdbc.schema.Tables.USAGE_HOURLY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Usage acknowledged is usage kept: a child JVM records executions and writes down each one the store
 * acknowledged; it is killed with SIGKILL mid-run; afterwards every acknowledged execution has exactly one
 * usage row, the store counts exactly the rows that are there, and so do the rollups once they caught up;
 * recording the acknowledged events again after the restart, before and after their rollup, changes nothing.
 */
class CrashTest {

    @ParameterizedTest
    @ValueSource(strings = {"h2", "mysql"})
    void everyAcknowledgedExecutionHasExactlyOneUsageRowAfterSigkill(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.of(kind)) {
            Path acks = db.dataDirectory().resolve("acknowledged.txt");
            List<String> command = new ArrayList<>(List.of(javaBinary(), "-cp", classPath(),
                    CrashRecorder.class.getName(), db.dataDirectory().toString(), acks.toString()));
            if ("mysql".equals(kind)) {
                command.add(TestDatabase.mysqlUrl());
            } else {
                // The child opens the same H2 file; the parent lets go of it first.
                db.context().close();
            }
            Process child = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(db.dataDirectory().resolve("child.log").toFile())
                    .start();
            try {
                waitForAcknowledgements(child, acks, 2_000);
            } finally {
                child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no drain
                child.waitFor(30, TimeUnit.SECONDS);
            }

            Set<String> acknowledged = new HashSet<>(Files.readAllLines(acks, StandardCharsets.UTF_8));
            acknowledged.remove("");
            try (TestDatabase after = "mysql".equals(kind) ? reopenMysql() : TestDatabase.h2At(db.dataDirectory());
                 JdbcUsageStore store = after.usageStoreWithoutBackgroundRollup()) {
                var dsl = after.database().dsl();
                // Events the killed process had not rolled up yet count through the raw table until then.
                java.time.Instant from = java.time.Instant.parse("2000-01-01T00:00:00Z");
                java.time.Instant to = java.time.Instant.parse("2200-01-01T00:00:00Z");
                long counted = store.summarize(CrashRecorder.TENANT, from, to).executions();
                int rowsBeforeRetries = dsl.fetchCount(USAGE_EVENT,
                        USAGE_EVENT.TENANT_ID.eq(CrashRecorder.TENANT.value()));
                // A writer that lost its answer records the same events again: half before the rollup
                // reached them, half after, and neither half may count twice.
                List<String> retried = new ArrayList<>(acknowledged);
                List<String> beforeRollup = retried.subList(0, retried.size() / 2);
                List<String> afterRollup = retried.subList(retried.size() / 2, retried.size());
                recordAgain(store, beforeRollup);
                long countedAfterRetries = store.summarize(CrashRecorder.TENANT, from, to).executions();
                store.rollUpPending();
                recordAgain(store, afterRollup);
                store.rollUpPending();
                Set<String> stored = new HashSet<>();
                dsl.select(USAGE_EVENT.EVENT_ID).from(USAGE_EVENT)
                        .where(USAGE_EVENT.TENANT_ID.eq(CrashRecorder.TENANT.value()))
                        .fetch(USAGE_EVENT.EVENT_ID)
                        .forEach(id -> assertThat(stored.add(new String(id, StandardCharsets.UTF_8))).isTrue());
                long rolledUp = dsl.select(org.jooq.impl.DSL.sum(USAGE_HOURLY.EXECUTIONS)).from(USAGE_HOURLY)
                        .where(USAGE_HOURLY.TENANT_ID.eq(CrashRecorder.TENANT.value()))
                        .fetchOne(0, Long.class);

                assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(2_000);
                assertThat(stored).containsAll(acknowledged);
                assertThat(stored).hasSize(rowsBeforeRetries);
                assertThat(counted).isEqualTo(stored.size());
                assertThat(countedAfterRetries).isEqualTo(stored.size());
                assertThat(store.summarize(CrashRecorder.TENANT, from, to).executions()).isEqualTo(stored.size());
                assertThat(rolledUp).isEqualTo(stored.size());
            }
        }
    }

    private static void recordAgain(JdbcUsageStore store, List<String> ids) throws Exception {
        List<java.util.concurrent.CompletableFuture<Void>> done = new ArrayList<>();
        for (String id : ids) {
            // The instant differs from the first copy's: the id alone decides that it is the same event.
            done.add(store.record(CrashRecorder.event(id, java.time.Instant.now())));
        }
        java.util.concurrent.CompletableFuture.allOf(done.toArray(java.util.concurrent.CompletableFuture[]::new))
                .get(120, TimeUnit.SECONDS);
    }

    private static TestDatabase reopenMysql() {
        TestDatabase db = TestDatabase.mysqlKeeping();
        return db;
    }

    private static void waitForAcknowledgements(Process child, Path acks, int wanted) throws Exception {
        // A bound on waiting for the child to get going, not a timing assertion.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            assertThat(child.isAlive()).as("child process alive").isTrue();
            if (Files.exists(acks)) {
                try (Stream<String> lines = Files.lines(acks)) {
                    if (lines.count() >= wanted) {
                        return;
                    }
                }
            }
            Thread.sleep(50);
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** The test's module path and class path, joined: the child runs everything from the class path. */
    private static String classPath() {
        List<String> parts = new ArrayList<>();
        for (String p : new String[] {System.getProperty("jdk.module.path"), System.getProperty("java.class.path")}) {
            if (p != null && !p.isBlank()) {
                parts.add(p);
            }
        }
        return String.join(File.pathSeparator, parts);
    }
}
