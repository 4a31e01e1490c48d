package dev.tenantry.metering.jdbc;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.metering.Granularity;
import dev.tenantry.spi.metering.MeteringUnavailableException;
import dev.tenantry.spi.metering.UsageEvent;
import dev.tenantry.spi.metering.UsageHistory;
import dev.tenantry.spi.metering.UsageStore;
import dev.tenantry.spi.metering.UsageSummary;
import org.jooq.exception.DataAccessException;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link UsageStore} on JDBC: events are made durable by a group commit ({@link UsageWriter}), rolled up
 * per tenant and UTC hour and day in the background ({@link UsageRollup}), and read back from the rollups plus
 * the events not rolled up yet.
 *
 * <p>Thread-safe. Closing drains pending events and stops the writer; it leaves the shared pool open (the
 * platform closes it).
 */
public final class JdbcUsageStore implements UsageStore {
    private final JdbcDatabase db;
    private final UsageWriter writer;
    private final UsageQueries queries;

    /**
     * @param db the database, migrated
     * @param clock decides when raw events fall out of the retention
     * @param settings the group commit and retention settings
     */
    public JdbcUsageStore(JdbcDatabase db, Clock clock, JdbcSettings settings) {
        this(db, clock, settings, true);
    }

    /** @param rollUpInBackground false for tests that need the rollups to lag behind the raw events */
    JdbcUsageStore(JdbcDatabase db, Clock clock, JdbcSettings settings, boolean rollUpInBackground) {
        this.db = db;
        this.writer = new UsageWriter(db, clock, settings, rollUpInBackground);
        this.queries = new UsageQueries(db.dsl());
    }

    @Override
    public CompletableFuture<Void> record(UsageEvent event) {
        Objects.requireNonNull(event, "event");
        return writer.submit(event);
    }

    @Override
    public Optional<UsageHistory> history() {
        return Optional.of(new JdbcUsageHistory(db));
    }

    @Override
    public boolean available() {
        return writer.available();
    }

    @Override
    public UsageSummary summarize(TenantId tenant, Instant from, Instant to) {
        check(from, to);
        UsageTotals sum = UsageTotals.ZERO;
        for (UsageQueries.Row r : read(() -> queries.rows(Optional.of(tenant), from, to, true, false))) {
            sum = sum.plus(r.totals());
        }
        return sum.toSummary(tenant, from, to);
    }

    @Override
    public List<UsageSummary> usage(TenantId tenant, Granularity granularity, Instant from, Instant to) {
        check(from, to);
        Map<Instant, UsageTotals> buckets = new TreeMap<>();
        for (UsageQueries.Row r : read(() -> queries.rows(Optional.of(tenant), from, to,
                granularity != Granularity.HOUR, true))) {
            buckets.merge(granularity.bucketStart(r.start()), r.totals(), UsageTotals::plus);
        }
        List<UsageSummary> result = new ArrayList<>(buckets.size());
        buckets.forEach((start, totals) -> {
            Instant end = granularity.next(start);
            result.add(totals.toSummary(tenant, start.isBefore(from) ? from : start, end.isAfter(to) ? to : end));
        });
        return result;
    }

    @Override
    public List<UsageSummary> summarizeAll(Instant from, Instant to) {
        check(from, to);
        Map<TenantId, UsageTotals> perTenant = new TreeMap<>();
        for (UsageQueries.Row r : read(() -> queries.rows(Optional.empty(), from, to, true, false))) {
            perTenant.merge(r.tenant(), r.totals(), UsageTotals::plus);
        }
        List<UsageSummary> result = new ArrayList<>(perTenant.size());
        perTenant.forEach((t, totals) -> result.add(totals.toSummary(t, from, to)));
        return result;
    }

    /**
     * Rolls up every pending event, then deletes raw events that occurred before {@code cutoff}; the hourly and
     * daily rollups keep their usage. The writer does this by itself every retention interval (deleting only
     * what the background rollup has reached); this is for operators and tests.
     *
     * @return how many raw events were deleted
     */
    public long purgeRawEventsBefore(Instant cutoff) {
        writer.rollUpPending();
        return writer.purgeBefore(cutoff);
    }

    /**
     * Adds every committed event the hourly and daily rollups do not include yet; a background thread does
     * this continuously, and answers are exact either way.
     *
     * @return how many events were rolled up
     */
    long rollUpPending() {
        return writer.rollUpPending();
    }

    /**
     * {@return how many committed events the hourly and daily rollups do not include yet}, for operators and
     * benchmarks: it stays bounded while the background rollup keeps up ({@code rollup-max-lag})
     */
    public long notRolledUp() {
        return writer.notRolledUp();
    }

    /** {@return how many group commits this store has made}, a measure of how well events share commits */
    public long commits() {
        return writer.commits();
    }

    /** {@return how many events wait for a writer to take them} (at most {@code queue-capacity}) */
    public int queued() {
        return writer.queued();
    }

    /** {@return the database this store writes to} */
    public JdbcDatabase database() {
        return db;
    }

    @Override
    public void close() {
        writer.close();
    }

    private static void check(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("period end " + to + " is before its start " + from);
        }
    }

    private static <T> T read(java.util.function.Supplier<T> query) {
        try {
            return query.get();
        } catch (DataAccessException e) {
            throw new MeteringUnavailableException("usage could not be read: the database is unavailable", e);
        }
    }
}
