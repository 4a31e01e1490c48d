package dev.tenantry.metering.jdbc;

import dev.tenantry.metering.jdbc.schema.tables.records.UsageEventRecord;
import dev.tenantry.spi.metering.MeteringUnavailableException;
import dev.tenantry.spi.metering.UsageEvent;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStep14;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static dev.tenantry.metering.jdbc.schema.Tables.USAGE_EVENT;

/**
 * The group commit: producers enqueue events and wait on futures; a writer thread takes what has queued up
 * (waiting at most the window for more, up to the batch size), inserts the new events in one statement,
 * and only after it committed completes the futures. A commit costs about the same for one event as for a
 * thousand, so concurrent executions share it. A few writers may run at once, so that one collects and
 * writes the next batch while another waits for its commit to reach the disk.
 *
 * <p>On MySQL and MariaDB the hourly and daily rollups are not touched by the commit: a background thread
 * adds committed events to them ({@link UsageRollup}), and readers add the events it has not reached yet
 * ({@link UsageQueries}). Commits wait while that thread is more than {@code rollup-max-lag} events behind
 * ({@code awaitRollup}). On H2 the commit updates the rollups itself (see {@code persistWithRollups}).
 *
 * <p>Duplicates (an id already stored, or twice in one batch) are skipped by the primary key, so a retried
 * event counts once. An event whose future its waiter completed (gave up on) before its batch was sent is
 * not written at all; one already in a commit under way may still be. A failed commit fails every future of
 * its batch with {@link MeteringUnavailableException} and marks the store unavailable until a probe or a
 * later commit succeeds. Closing drains the queue.
 */
final class UsageWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UsageWriter.class);
    private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long PROBE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
    /**
     * The pause between rollup transactions: long enough that one carries many commits' events (each costs
     * an fsync), short enough that readers find few pending events to add.
     */
    private static final long ROLLUP_PAUSE_MILLIS = 200;
    /**
     * How long commits held by {@code rollup-max-lag} wait for a roller that finishes no transaction before
     * they go on without it: usage must be recorded even when its rollups cannot be. A transaction of 4,000
     * events takes about a tenth of a second.
     */
    private static final long ROLLUP_STALL_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long LAG_LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    /**
     * The most raw events one purge transaction deletes: a purge after a long pause (or a lowered retention)
     * then runs as many short transactions instead of one that holds locks and undo for millions of rows.
     */
    static final int PURGE_CHUNK = 10_000;

    private record Pending(UsageEvent event, CompletableFuture<Void> done) {
    }

    private final JdbcDatabase db;
    private final Clock clock;
    private final JdbcSettings settings;
    private final BlockingQueue<Pending> queue;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closing;
    private volatile boolean healthy = true;
    private final AtomicLong commits = new AtomicLong();
    private volatile long lastContactNanos = System.nanoTime();
    /** When the background thread next deletes expired raw events; only that thread uses these three. */
    private Instant nextPurge;
    /** The cutoff of the purge under way, or null between purges. */
    private Instant purgeCutoff;
    /** How many raw events the purge under way has deleted so far. */
    private long purged;
    private final UsageRollup rollup;
    private final Thread roller;
    /** Released to end the roller's pause at once: by {@link #close()}, and by commits held for it. */
    private final Semaphore rollerWake = new Semaphore(0);
    private volatile boolean rollerStopping;
    /**
     * Whether commits wait while more than {@code rollup-max-lag} events are not rolled up: with the background
     * rollup on MySQL and MariaDB (H2 commits roll up their own events).
     */
    private final boolean boundRollupLag;
    /**
     * Committed events the background rollup has not reached, as this process sees them: what its writers
     * inserted less what its roller rolled up, and zero whenever the roller finds nothing more pending (which
     * also corrects for other nodes' writers and rollers).
     */
    private final AtomicLong rollupLag = new AtomicLong();
    /** Events this process's writers committed, ever: tells a rollup pass what was committed while it ran. */
    private final AtomicLong eventsCommitted = new AtomicLong();
    /** Notified after every rollup transaction, for the commits that wait for one. */
    private final Object rollupProgress = new Object();
    private volatile long lastRollupPassNanos = System.nanoTime();
    private volatile boolean rollupStalled;
    private volatile long lastLagLogNanos = System.nanoTime() - LAG_LOG_EVERY_NANOS;
    /** Held by an H2 commit, which also updates the rollups (see {@code persistWithRollups}). */
    private final Object h2Commits = new Object();
    /** The statement a commit inserts events with ({@link #insertSql}), rendered once for the dialect. */
    private final String insertSql;

    /**
     * @param rollUpInBackground false only in tests that need the rollups to lag on purpose: events are then
     *     rolled up only by {@link #rollUpPending()} (the background thread still purges expired raw events)
     */
    UsageWriter(JdbcDatabase db, Clock clock, JdbcSettings settings, boolean rollUpInBackground) {
        this.db = db;
        this.clock = clock;
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.nextPurge = clock.instant();
        this.insertSql = insertSql(db.dsl());
        this.boundRollupLag = rollUpInBackground && db.dialect().family() != SQLDialect.H2;
        for (int i = 0; i < settings.groupCommitWriters(); i++) {
            boolean prober = i == 0;
            threads.add(Thread.ofPlatform().name("tenantry-usage-writer-" + i).daemon(true)
                    .start(() -> run(prober)));
        }
        this.rollup = new UsageRollup(db);
        this.roller = Thread.ofPlatform().name("tenantry-usage-rollup").daemon(true)
                .start(() -> maintainContinuously(rollUpInBackground));
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
        if (closing && queue.remove(p)) {
            // close() began after the check above and may already have failed what it found queued: nobody
            // would take this event any more.
            p.done.completeExceptionally(new MeteringUnavailableException("the usage store is closed", null));
        }
        return p.done;
    }

    /** {@return how many events wait for a writer to take them} */
    int queued() {
        return queue.size();
    }

    /** {@return how many batches the writer has committed} */
    long commits() {
        return commits.get();
    }

    /**
     * {@return whether an event submitted now can be recorded}: false while the database is down, while
     * closing, and while the queue is full, so that the platform refuses new executions instead of running
     * them and then failing to record their usage
     */
    boolean available() {
        return healthy && !closing && queue.remainingCapacity() > 0;
    }

    /**
     * Deletes the rolled-up raw events that occurred before {@code cutoff}, {@link #PURGE_CHUNK} per
     * transaction; their rollups stay. {@return how many it deleted}
     */
    long purgeBefore(Instant cutoff) {
        long total = 0;
        int n;
        do {
            n = purgeChunk(cutoff);
            total += n;
        } while (n == PURGE_CHUNK);
        if (total > 0) {
            LOG.info("deleted {} raw usage events older than {}", total, cutoff);
        }
        return total;
    }

    /** Deletes at most {@link #PURGE_CHUNK} of the events {@link #purgeBefore} deletes; {@return how many} */
    private int purgeChunk(Instant cutoff) {
        // Only rolled-up events: one the rollup has not reached yet would otherwise vanish from every sum.
        // It is deleted at a later purge.
        return db.transaction(dsl -> dsl.deleteFrom(USAGE_EVENT)
                .where(USAGE_EVENT.OCCURRED_AT.lt(Nanos.of(cutoff))).and(USAGE_EVENT.ROLLED_UP.eq(true))
                .limit(PURGE_CHUNK)
                .execute());
    }

    /** {@return how many committed events the rollups do not include yet} */
    long notRolledUp() {
        return rollup.pending();
    }

    /** Rolls up every committed event the rollups do not include yet; {@return how many it rolled up} */
    long rollUpPending() {
        return rollup.rollUpPending();
    }

    /**
     * The background thread: rolls up every {@link #ROLLUP_PAUSE_MILLIS} (sooner while a backlog lasts), so
     * that one rollup transaction carries the events of many commits, and deletes expired raw events every
     * {@code retention-interval}. On close, after the writers have drained, it rolls up what is left, so a
     * clean shutdown leaves nothing pending. The purge runs here rather than in a writer, so that it neither
     * delays commits nor waits for the writers to fall idle, which under steady load they never do.
     *
     * @param rollUp false only in tests that need the rollups to lag on purpose
     */
    private void maintainContinuously(boolean rollUp) {
        if (boundRollupLag) {
            try {
                // Events an earlier process left pending count towards the bound too.
                rollupLag.addAndGet(rollup.pending());
            } catch (RuntimeException e) {
                // The database is down: the writers will say so; the first rollup finds these events anyway.
            }
        }
        boolean failing = false;
        while (true) {
            try {
                rollerWake.tryAcquire(ROLLUP_PAUSE_MILLIS, TimeUnit.MILLISECONDS);
                rollerWake.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
            boolean stopping = rollerStopping;
            if (stopping && !rollUp) {
                return;
            }
            try {
                if (stopping) {
                    rollup.rollUpPending();
                    return;
                }
                if (rollUp) {
                    int rolledUp;
                    do {
                        long committedBefore = eventsCommitted.get();
                        rolledUp = rollup.rollUpOnce();
                        passed(rolledUp, committedBefore);
                    } while (rolledUp == rollup.maxBatch() && !rollerStopping); // a backlog: keep going
                }
                failing = false;
            } catch (RuntimeException e) {
                // Nothing is lost: pending events stay readable from the raw table and are rolled up later.
                if (!failing) {
                    LOG.warn("could not roll up usage events, will retry: {}", e.toString());
                }
                failing = true;
                if (stopping) {
                    return;
                }
            }
            purgeIfDue();
        }
    }

    /**
     * Deletes the expired raw events once every {@code retention-interval}, one chunk per pass of the
     * background thread: a long purge (the first after a pause, or after the retention was lowered) then
     * takes turns with the rollup instead of holding it up, which would hold up the commits that wait for it.
     */
    private void purgeIfDue() {
        Instant at = clock.instant();
        if (purgeCutoff == null) {
            if (at.isBefore(nextPurge)) {
                return;
            }
            purgeCutoff = at.minus(settings.retention());
            purged = 0;
            nextPurge = at.plus(settings.retentionInterval().isZero() ? Duration.ofHours(1)
                    : settings.retentionInterval());
        }
        try {
            int n = purgeChunk(purgeCutoff);
            purged += n;
            if (n == PURGE_CHUNK) {
                return;
            }
            if (purged > 0) {
                LOG.info("deleted {} raw usage events older than {}", purged, purgeCutoff);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not delete old raw usage events, will retry in {}: {}",
                    Duration.between(at, nextPurge), e.toString());
        }
        purgeCutoff = null;
    }

    /** Updates the lag after a rollup transaction and lets the commits waiting for one re-check it. */
    private void passed(int rolledUp, long committedBefore) {
        if (rolledUp == UsageRollup.LOST_CLAIM) {
            // Another roller (another node) is rolling up the same events: the lag is unchanged as far as we
            // know.
        } else if (rolledUp < rollup.maxBatch()) {
            // It read every pending event there was when it started. Events committed while it ran may or may
            // not be among them, so they still count: an over-estimate the next pass corrects. Resetting to
            // zero instead forgot them and let commits run past the bound by as many.
            rollupLag.set(eventsCommitted.get() - committedBefore);
        } else {
            rollupLag.accumulateAndGet(rolledUp, (lag, n) -> Math.max(0, lag - n));
        }
        lastRollupPassNanos = System.nanoTime();
        rollupStalled = false;
        synchronized (rollupProgress) {
            rollupProgress.notifyAll();
        }
    }

    /**
     * Holds this writer's next commit while more than {@code rollup-max-lag} committed events wait for the
     * background rollup. Readers add those events from the raw table to the rollups, so this bounds what one
     * query sums; the executions whose events are held wait meanwhile, which slows a burst down to the pace of
     * the rollup instead of letting the lag grow without end. Goes on without waiting when the roller has
     * finished no transaction for {@link #ROLLUP_STALL_NANOS}.
     */
    private void awaitRollup() throws InterruptedException {
        if (!boundRollupLag || rollupLag.get() <= settings.rollupMaxLag()) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastLagLogNanos > LAG_LOG_EVERY_NANOS) {
            lastLagLogNanos = now;
            LOG.info("the usage rollup is about {} events behind (rollup-max-lag {}): commits wait for it",
                    rollupLag.get(), settings.rollupMaxLag());
        }
        synchronized (rollupProgress) {
            while (rollupLag.get() > settings.rollupMaxLag() && !closing) {
                if (System.nanoTime() - lastRollupPassNanos > ROLLUP_STALL_NANOS) {
                    if (!rollupStalled) {
                        rollupStalled = true;
                        LOG.warn("the usage rollup finished nothing for {} s while about {} events wait for it; "
                                + "commits go on without waiting",
                                TimeUnit.NANOSECONDS.toSeconds(ROLLUP_STALL_NANOS), rollupLag.get());
                    }
                    return;
                }
                if (rollerWake.availablePermits() == 0) {
                    rollerWake.release();
                }
                rollupProgress.wait(50);
            }
        }
    }

    private void run(boolean prober) {
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
                    if (prober) {
                        probeIfDue();
                    }
                    continue;
                }
                batch.add(first);
                // Before the batch is taken: events arriving while the commit is held join it.
                awaitRollup();
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
            if (!persist(batch)) {
                return; // every waiter gave up: nothing was sent, so nothing is learnt of the database either
            }
        } catch (RuntimeException | Error e) {
            // An error (a StackOverflowError from a driver's parser, an OutOfMemoryError) must fail the batch,
            // not kill the writer thread: with it gone, later events would wait in the queue for nobody.
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

    /**
     * Inserts the batch's events, skipping ids already stored: the primary key decides, so a retried event
     * counts once whether its first copy is in this batch, an earlier one, or was written by another node.
     * On MySQL and MariaDB rollups are left to {@link UsageRollup}, which makes the commit a single statement.
     * Events whose waiters gave up are left out. {@return false when that left nothing to insert}
     */
    private boolean persist(List<Pending> batch) {
        Map<String, UsageEvent> unique = new LinkedHashMap<>();
        int withdrawn = 0;
        for (Pending p : batch) {
            // Only the writer completes a future before its commit, so a future already done was given up
            // by its waiter: the pipeline withheld that execution's result as metering_unavailable, and
            // storing the event now would bill the tenant for a result it never got.
            if (p.done.isDone()) {
                withdrawn++;
                continue;
            }
            unique.putIfAbsent(p.event.eventId(), p.event);
        }
        if (withdrawn > 0) {
            LOG.info("{} usage events were not written: their executions stopped waiting for them", withdrawn);
        }
        if (unique.isEmpty()) {
            return false;
        }
        if (db.dialect().family() == SQLDialect.H2) {
            persistWithRollups(unique.values());
            return true;
        }
        // One prepared statement run as a JDBC batch in autocommit mode: the driver rewrites the batch into one
        // multi-row statement (rewriteBatchedStatements), a single round trip that returns after the commit
        // reached the log (innodb_flush_log_at_trx_commit=1), so the futures are completed only after that.
        // The SQL text is the same for every batch, so the driver parses it once (cachePrepStmts).
        // Idempotent, so a statement chosen as a deadlock victim (writers and the rollup share the table's
        // indexes) is simply sent again.
        JdbcDatabase.retrying(() -> insertAll(db.dsl(), insertSql, unique.values(), false));
        eventsCommitted.addAndGet(unique.size());
        rollupLag.addAndGet(unique.size());
        return true;
    }

    /**
     * Runs {@code sql}, a statement of {@link #insert}'s columns, as a JDBC batch with one set of binds
     * per event, on {@code dsl}'s connection (so in its transaction, if it has one). The values are bound with
     * JDBC setters rather than through jOOQ's batch, which built a typed bind value for each of the 14 columns
     * of every event and rendered the statement again for every batch: with JDBC binds the writer's user CPU
     * per event at 64 producers on MariaDB fell from about 21 to 13 µs (measured).
     */
    private static int[] insertAll(DSLContext dsl, String sql, Collection<UsageEvent> events, boolean rolledUp) {
        return dsl.connectionResult(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                for (UsageEvent e : events) {
                    bind(insert, e, rolledUp);
                    insert.addBatch();
                }
                return insert.executeBatch();
            }
        });
    }

    /**
     * The insert of a commit, rendered by jOOQ with a placeholder per column. On MySQL and MariaDB a duplicate id
     * leaves the stored row as it is; unlike {@code INSERT IGNORE}, any other error still fails. On H2 a plain
     * insert: its commit inserts only the ids it found missing ({@link #persistWithRollups}).
     */
    private static String insertSql(DSLContext dsl) {
        var insert = insert(dsl).values(Collections.nCopies(14, null));
        return dsl.dialect().family() == SQLDialect.H2 ? dsl.render(insert)
                : dsl.render(insert.onDuplicateKeyUpdate().set(USAGE_EVENT.EVENT_ID, USAGE_EVENT.EVENT_ID));
    }

    /** Binds {@code e} to the placeholders of a statement of {@link #insert}'s columns, in their order. */
    private static void bind(PreparedStatement insert, UsageEvent e, boolean rolledUp) throws SQLException {
        insert.setBytes(1, e.eventId().getBytes(StandardCharsets.UTF_8));
        insert.setString(2, e.tenant().value());
        insert.setLong(3, Nanos.of(e.occurredAt()));
        insert.setString(4, e.kind().name());
        insert.setString(5, e.operation());
        insert.setString(6, e.outcome());
        insert.setLong(7, e.usage().cpuNanos());
        insert.setLong(8, e.usage().wallNanos());
        insert.setLong(9, e.usage().allocatedBytes());
        insert.setLong(10, e.usage().apiCalls());
        insert.setLong(11, e.usage().outputBytes());
        insert.setBigDecimal(12, e.usage().memoryMbSeconds());
        insert.setBigDecimal(13, e.storageByteHours());
        insert.setBoolean(14, rolledUp);
    }

    /**
     * H2 keeps the rollups in the write transaction and inserts events as already rolled up: in process,
     * statements cost no round trips, so the background rollup would save nothing; and H2 2.5 was seen to
     * return rows through the {@code (rolled_up, ...)} index whose flag a concurrent transaction had
     * changed, which stalled the background rollup there. One query finds the ids already stored, one
     * prepared insert run as a JDBC batch adds the others, and only those go into the rollups. (jOOQ's
     * insert-ignore on H2 is a {@code MERGE} over a derived table that H2 parsed and planned per row: with the
     * rollups' upserts it was most of the process's CPU under HTTP load, profiled.)
     */
    private void persistWithRollups(Collection<UsageEvent> events) {
        // H2's upsert of a rollup row is not safe against a concurrent one on the same row: with two writers a
        // crash test once found the hourly rollup one execution short of the stored events. The embedded
        // database gains nothing from parallel writers in one process, so its commits take turns.
        synchronized (h2Commits) {
            persistWithRollupsInTurn(events);
        }
    }

    private void persistWithRollupsInTurn(Collection<UsageEvent> events) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                db.transaction(dsl -> {
                    List<byte[]> ids = new ArrayList<>(events.size());
                    for (UsageEvent e : events) {
                        ids.add(e.eventId().getBytes(StandardCharsets.UTF_8));
                    }
                    Set<String> stored = new HashSet<>();
                    for (byte[] id : dsl.select(USAGE_EVENT.EVENT_ID).from(USAGE_EVENT)
                            .where(USAGE_EVENT.EVENT_ID.in(ids)).fetch(USAGE_EVENT.EVENT_ID)) {
                        stored.add(new String(id, StandardCharsets.UTF_8));
                    }
                    List<UsageEvent> fresh = new ArrayList<>(events.size());
                    for (UsageEvent e : events) {
                        if (!stored.contains(e.eventId())) {
                            fresh.add(e);
                        }
                    }
                    if (fresh.isEmpty()) {
                        return null;
                    }
                    insertAll(dsl, insertSql, fresh, true);
                    UsageRollup.addToRollups(dsl, fresh);
                    return null;
                });
                return;
            } catch (DataAccessException e) {
                // Another transaction stored one of these ids between our check and our insert: check again.
                if (!JdbcDatabase.isDuplicateKey(e)) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    private static InsertValuesStep14<UsageEventRecord, byte[], String, Long, String, String, String, Long, Long, Long,
            Long, Long, BigDecimal, BigDecimal, Boolean> insert(DSLContext dsl) {
        return dsl.insertInto(USAGE_EVENT, USAGE_EVENT.EVENT_ID, USAGE_EVENT.TENANT_ID,
                USAGE_EVENT.OCCURRED_AT, USAGE_EVENT.KIND, USAGE_EVENT.OPERATION, USAGE_EVENT.OUTCOME,
                USAGE_EVENT.CPU_NANOS, USAGE_EVENT.WALL_NANOS, USAGE_EVENT.ALLOCATED_BYTES, USAGE_EVENT.API_CALLS,
                USAGE_EVENT.OUTPUT_BYTES, USAGE_EVENT.MEMORY_MB_SECONDS, USAGE_EVENT.STORAGE_BYTE_HOURS,
                USAGE_EVENT.ROLLED_UP);
    }

    /**
     * Checks the database when the writers have had nothing to commit for a while: commits tell whether it is
     * up while they run, and the store should also notice that it came back (or went away) while idle.
     */
    private void probeIfDue() {
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
            }
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
            rollerStopping = true;
            rollerWake.release();
            roller.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Anything enqueued after the writer's last look is refused rather than left hanging.
        failAll(new ArrayList<>(), "the usage store is closed");
    }
}
