package dev.tenantry.metering.jdbc;

import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Sees the statements of a {@link JdbcDatabase#observedBy observed} database and, at the first one whose SQL
 * (lower case) matches, runs an action once on another thread, so that it takes its own connection and commits
 * on its own, and waits for it: for tests that must act at exactly one point of another transaction.
 */
final class BetweenStatements implements ExecuteListener {
    private static final long NOT_RUN = Long.MIN_VALUE;

    private final Predicate<String> statement;
    private final boolean afterIt;
    private final LongSupplier action;
    private final AtomicLong result = new AtomicLong(NOT_RUN);

    private BetweenStatements(Predicate<String> statement, boolean afterIt, LongSupplier action) {
        this.statement = statement;
        this.afterIt = afterIt;
        this.action = action;
    }

    /** Runs {@code action} just before the first statement that matches is sent. */
    static BetweenStatements before(Predicate<String> statement, LongSupplier action) {
        return new BetweenStatements(statement, false, action);
    }

    /** Runs {@code action} just after the first statement that matches has run. */
    static BetweenStatements after(Predicate<String> statement, LongSupplier action) {
        return new BetweenStatements(statement, true, action);
    }

    @Override
    public void executeStart(ExecuteContext ctx) {
        if (!afterIt) {
            runAt(ctx);
        }
    }

    @Override
    public void executeEnd(ExecuteContext ctx) {
        if (afterIt) {
            runAt(ctx);
        }
    }

    private void runAt(ExecuteContext ctx) {
        String sql = ctx.sql() == null ? "" : ctx.sql().toLowerCase(Locale.ROOT);
        if (result.get() == NOT_RUN && statement.test(sql)) {
            result.set(CompletableFuture.supplyAsync(action::getAsLong).join());
        }
    }

    /** {@return what the action returned, or {@link Long#MIN_VALUE} if it has not run} */
    long result() {
        return result.get();
    }
}
