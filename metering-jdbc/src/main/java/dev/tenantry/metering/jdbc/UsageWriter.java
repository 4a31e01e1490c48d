package dev.tenantry.metering.jdbc;

import dev.tenantry.spi.metering.Granularity;
import dev.tenantry.spi.metering.MeteringUnavailableException;
import dev.tenantry.spi.metering.UsageEvent;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStep13;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.tenantry.metering.jdbc.schema.Tables.USAGE_DAILY;
import static dev.tenantry.metering.jdbc.schema.Tables.USAGE_EVENT;
import static dev.tenantry.metering.jdbc.schema.Tables.USAGE_HOURLY;

/**
 * The group commit: producers enqueue events and wait on futures; a writer thread takes what has queued up
 * (waiting at most the window for more, up to the batch size), inserts the new events and adds them to the
 * hourly and daily rollups in one transaction, commits, and only then completes the futures. A commit costs
 * about the same for one event as for a thousand, so concurrent executions share it. A few writers run at
 * once, so that one collects and writes the next batch while another waits for its commit to reach the disk.
 *
 * <p>Duplicates (an id already stored, or twice in one batch) are skipped, so a retried event counts once.
 * A failed commit fails every future of its batch with {@link MeteringUnavailableException} and marks the
 * store unavailable until a probe or a later commit succeeds. Closing drains the queue.
 */
final class UsageWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UsageWriter.class);
    private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long PROBE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private record Pending(UsageEvent event, CompletableFuture<Void> done) {
    }

    private record BucketKey(String tenant, long bucketStart) implements Comparable<BucketKey> {
        @Override
        public int compareTo(BucketKey o) {
            int c = tenant.compareTo(o.tenant);
            return c != 0 ? c : Long.compare(bucketStart, o.bucketStart);
        }
    }

    private final JdbcDatabase db;
    private final Clock clock;
    private final JdbcSettings settings;
    private final BlockingQueue<Pending> queue;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closing;
    private volatile boolean healthy = true;
    private final java.util.concurrent.atomic.AtomicLong commits = new java.util.concurrent.atomic.AtomicLong();
    private volatile long lastContactNanos = System.nanoTime();
    private Instant nextPurge;

    UsageWriter(JdbcDatabase db, Clock clock, JdbcSettings settings) {
        this.db = db;
        this.clock = clock;
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.nextPurge = clock.instant();
        for (int i = 0; i < settings.groupCommitWriters(); i++) {
            boolean maintainer = i == 0;
            threads.add(Thread.ofPlatform().name("tenantry-usage-writer-" + i).daemon(true)
                    .start(() -> run(maintainer)));
        }
    }

    CompletableFuture<Void> submit(UsageEvent event) {
        if (closing) {
            return CompletableFuture.failedFuture(new MeteringUnavailableException("the usage store is closed", null));
        }
        Pending p = new Pending(event, new CompletableFuture<>());
        if (!queue.offer(p)) {
            return CompletableFuture.failedFuture(new MeteringUnavailableException(
                    "the usage writer is " + settings.queueCapacity() + " events behind", null));
        }
        return p.done;
    }

    /** {@return how many batches the writer has committed} */
    long commits() {
        return commits.get();
    }

    boolean healthy() {
        return healthy && !closing;
    }

    /** Deletes raw events that occurred before {@code cutoff}; their rollups stay. */
    long purgeBefore(Instant cutoff) {
        int n = db.dsl().deleteFrom(USAGE_EVENT).where(USAGE_EVENT.OCCURRED_AT.lt(Nanos.of(cutoff))).execute();
        if (n > 0) {
            LOG.info("deleted {} raw usage events older than {}", n, cutoff);
        }
        return n;
    }

    private void run(boolean maintainer) {
        List<Pending> batch = new ArrayList<>();
        long window = settings.groupCommitWindow().toNanos();
        int max = settings.groupCommitMaxBatch();
        try {
            while (true) {
                Pending first = queue.poll(IDLE_POLL_NANOS, TimeUnit.NANOSECONDS);
                if (first == null) {
                    if (closing) {
                        break;
                    }
                    if (maintainer) {
                        maintain();
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, max - batch.size());
                // The window bounds the wait with the monotonic clock: it is a latency budget, not a domain time.
                long deadline = System.nanoTime() + window;
                while (batch.size() < max && !closing) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    Pending next = queue.poll(left, TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                    queue.drainTo(batch, max - batch.size());
                }
                write(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            failAll(batch, "the usage store closed before the event was written");
        }
    }

    private void write(List<Pending> batch) {
        try {
            RuntimeException last = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                try {
                    db.transaction(dsl -> {
                        persist(dsl, batch);
                        return null;
                    });
                    last = null;
                    break;
                } catch (DataAccessException e) {
                    // Another node inserted one of these ids between our check and our insert: check again.
                    if (!JdbcDatabase.isDuplicateKey(e)) {
                        throw e;
                    }
                    last = e;
                }
            }
            if (last != null) {
                throw last;
            }
        } catch (RuntimeException | StackOverflowError e) {
            // A StackOverflowError from a driver's parser must fail the batch, not kill the writer thread.
            if (healthy) {
                LOG.warn("usage database {} unavailable, failing {} events: {}", db.redactedUrl(), batch.size(),
                        e.toString());
            }
            healthy = false;
            db.evictConnections();
            MeteringUnavailableException failure =
                    new MeteringUnavailableException("usage could not be recorded: the database is unavailable", e);
            batch.forEach(p -> p.done.completeExceptionally(failure));
            return;
        }
        if (!healthy) {
            LOG.info("usage database {} is available again", db.redactedUrl());
        }
        healthy = true;
        contact();
        commits.incrementAndGet();
        batch.forEach(p -> p.done.complete(null));
    }

    private void persist(DSLContext dsl, List<Pending> batch) {
        Map<String, UsageEvent> unique = new LinkedHashMap<>();
        for (Pending p : batch) {
            unique.putIfAbsent(p.event.eventId(), p.event);
        }
        List<byte[]> ids = unique.keySet().stream().map(id -> id.getBytes(StandardCharsets.UTF_8)).toList();
        Set<String> existing = new HashSet<>();
        for (byte[] id : dsl.select(USAGE_EVENT.EVENT_ID).from(USAGE_EVENT).where(USAGE_EVENT.EVENT_ID.in(ids))
                .fetch(USAGE_EVENT.EVENT_ID)) {
            existing.add(new String(id, StandardCharsets.UTF_8));
        }
        List<UsageEvent> fresh = unique.values().stream().filter(e -> !existing.contains(e.eventId())).toList();
        if (fresh.isEmpty()) {
            return;
        }
        InsertValuesStep13<?, byte[], String, Long, String, String, String, Long, Long, Long, Long, Long, BigDecimal,
                BigDecimal> insert = dsl.insertInto(USAGE_EVENT, USAGE_EVENT.EVENT_ID, USAGE_EVENT.TENANT_ID,
                USAGE_EVENT.OCCURRED_AT, USAGE_EVENT.KIND, USAGE_EVENT.OPERATION, USAGE_EVENT.OUTCOME,
                USAGE_EVENT.CPU_NANOS, USAGE_EVENT.WALL_NANOS, USAGE_EVENT.ALLOCATED_BYTES, USAGE_EVENT.API_CALLS,
                USAGE_EVENT.OUTPUT_BYTES, USAGE_EVENT.MEMORY_MB_SECONDS, USAGE_EVENT.STORAGE_BYTE_HOURS);
        Map<BucketKey, UsageTotals> hours = new TreeMap<>();
        Map<BucketKey, UsageTotals> days = new TreeMap<>();
        for (UsageEvent e : fresh) {
            insert = insert.values(e.eventId().getBytes(StandardCharsets.UTF_8), e.tenant().value(),
                    Nanos.of(e.occurredAt()), e.kind().name(), e.operation(), e.outcome(), e.usage().cpuNanos(),
                    e.usage().wallNanos(), e.usage().allocatedBytes(), e.usage().apiCalls(), e.usage().outputBytes(),
                    e.usage().memoryMbSeconds(), e.storageByteHours());
            UsageTotals t = UsageTotals.of(e);
            hours.merge(new BucketKey(e.tenant().value(),
                    Nanos.of(Granularity.HOUR.bucketStart(e.occurredAt()))), t, UsageTotals::plus);
            days.merge(new BucketKey(e.tenant().value(),
                    Nanos.of(Granularity.DAY.bucketStart(e.occurredAt()))), t, UsageTotals::plus);
        }
        insert.execute();
        // Sorted keys: every writer locks rollup rows in the same order, so two nodes cannot deadlock on them.
        upsertRollup(dsl, USAGE_HOURLY, hours);
        upsertRollup(dsl, USAGE_DAILY, days);
    }

    /**
     * Adds the totals to their rollup rows, creating missing rows. On MySQL and MariaDB that is one multi-row
     * {@code INSERT ... ON DUPLICATE KEY UPDATE}. H2 gets a JDBC batch of single-row upserts instead: jOOQ
     * emulates the multi-row form there as a {@code MERGE} over nested {@code UNION ALL}s, which H2 parses
     * recursively (a batch of 4,000 overflowed the stack) and slowly; in process, a batch costs no round trips.
     */
    private static void upsertRollup(DSLContext dsl, Table<?> table, Map<BucketKey, UsageTotals> rows) {
        Field<String> tenant = table.field("tenant_id", String.class);
        Field<Long> bucket = table.field("bucket_start", Long.class);
        Field<Long> executions = table.field("executions", Long.class);
        Field<Long> cpu = table.field("cpu_nanos", Long.class);
        Field<Long> wall = table.field("wall_nanos", Long.class);
        Field<BigDecimal> memory = table.field("memory_mb_seconds", BigDecimal.class);
        Field<Long> api = table.field("api_calls", Long.class);
        Field<Long> allocated = table.field("allocated_bytes", Long.class);
        Field<BigDecimal> storage = table.field("storage_byte_hours", BigDecimal.class);
        if (dsl.dialect().family() == SQLDialect.H2) {
            List<Query> upserts = new ArrayList<>(rows.size());
            rows.forEach((k, t) -> upserts.add(dsl.insertInto(table)
                    .set(tenant, k.tenant).set(bucket, k.bucketStart).set(executions, t.executions())
                    .set(cpu, t.cpuNanos()).set(wall, t.wallNanos()).set(memory, t.memoryMbSeconds())
                    .set(api, t.apiCalls()).set(allocated, t.allocatedBytes()).set(storage, t.storageByteHours())
                    .onDuplicateKeyUpdate()
                    .set(executions, executions.plus(t.executions())).set(cpu, cpu.plus(t.cpuNanos()))
                    .set(wall, wall.plus(t.wallNanos())).set(memory, memory.plus(t.memoryMbSeconds()))
                    .set(api, api.plus(t.apiCalls())).set(allocated, allocated.plus(t.allocatedBytes()))
                    .set(storage, storage.plus(t.storageByteHours()))));
            dsl.batch(upserts).execute();
            return;
        }
        var insert = dsl.insertInto(table, tenant, bucket, executions, cpu, wall, memory, api, allocated, storage);
        for (Map.Entry<BucketKey, UsageTotals> e : rows.entrySet()) {
            UsageTotals t = e.getValue();
            insert = insert.values(e.getKey().tenant, e.getKey().bucketStart, t.executions(), t.cpuNanos(),
                    t.wallNanos(), t.memoryMbSeconds(), t.apiCalls(), t.allocatedBytes(), t.storageByteHours());
        }
        insert.onDuplicateKeyUpdate()
                .set(executions, executions.plus(DSL.excluded(executions)))
                .set(cpu, cpu.plus(DSL.excluded(cpu)))
                .set(wall, wall.plus(DSL.excluded(wall)))
                .set(memory, memory.plus(DSL.excluded(memory)))
                .set(api, api.plus(DSL.excluded(api)))
                .set(allocated, allocated.plus(DSL.excluded(allocated)))
                .set(storage, storage.plus(DSL.excluded(storage)))
                .execute();
    }

    private void maintain() {
        long now = System.nanoTime();
        if (!healthy || now - lastContactNanos > PROBE_EVERY_NANOS) {
            try {
                db.dsl().selectOne().fetch();
                if (!healthy) {
                    LOG.info("usage database {} is available again", db.redactedUrl());
                }
                healthy = true;
                contact();
            } catch (RuntimeException e) {
                if (healthy) {
                    LOG.warn("usage database {} unavailable: {}", db.redactedUrl(), e.toString());
                }
                db.evictConnections();
                healthy = false;
                return;
            }
        }
        Instant at = clock.instant();
        if (!at.isBefore(nextPurge)) {
            try {
                purgeBefore(at.minus(settings.retention()));
            } catch (RuntimeException e) {
                LOG.warn("could not delete old raw usage events: {}", e.toString());
            }
            nextPurge = at.plus(settings.retentionInterval().isZero() ? Duration.ofHours(1) : settings.retentionInterval());
        }
    }

    private void contact() {
        lastContactNanos = System.nanoTime();
    }

    private void failAll(List<Pending> batch, String why) {
        MeteringUnavailableException failure = new MeteringUnavailableException(why, null);
        batch.forEach(p -> p.done.completeExceptionally(failure));
        batch.clear();
        Pending p;
        while ((p = queue.poll()) != null) {
            p.done.completeExceptionally(failure);
        }
    }

    @Override
    public void close() {
        closing = true;
        try {
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Anything enqueued after the writer's last look is refused rather than left hanging.
        failAll(new ArrayList<>(), "the usage store is closed");
    }
}
