package dev.tenantry.metering.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tenantry.spi.ConfigurationException;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.ExecuteListener;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConnectionProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

/**
 * One database as the stores of this module share it: a HikariCP pool, the jOOQ dialect detected from the
 * server, and a schema migrated by Flyway when the pool is opened. Shared by every store of a platform that
 * names the same URL (through {@code ProviderContext.shared}), so a platform opens one pool per database.
 *
 * <p>Thread-safe. Closing it closes the pool.
 */
public final class JdbcDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcDatabase.class);

    private final HikariDataSource pool;
    private final SQLDialect dialect;
    private final DSLContext dsl;
    private final String redactedUrl;

    private JdbcDatabase(HikariDataSource pool, SQLDialect dialect, String redactedUrl) {
        // Names are rendered unquoted: the scripts create them unquoted, which H2 folds to upper case and
        // MySQL keeps as written, and unquoted references resolve the same way on both.
        this(pool, dialect, redactedUrl,
                DSL.using(pool, dialect, new Settings().withRenderQuotedNames(RenderQuotedNames.NEVER)));
    }

    private JdbcDatabase(HikariDataSource pool, SQLDialect dialect, String redactedUrl, DSLContext dsl) {
        this.pool = pool;
        this.dialect = dialect;
        this.redactedUrl = redactedUrl;
        this.dsl = dsl;
    }

    /**
     * {@return this database with {@code listener} seeing every statement it runs}, on the same pool (closing
     * either closes both). For tests that must act between two statements of one transaction.
     */
    JdbcDatabase observedBy(ExecuteListener listener) {
        return new JdbcDatabase(pool, dialect, redactedUrl, DSL.using(dsl.configuration().deriveAppending(listener)));
    }

    /**
     * Opens a pool on the configured database and migrates its schema.
     *
     * @throws ConfigurationException if the database cannot be reached or migrated at start
     */
    public static JdbcDatabase open(JdbcSettings settings) {
        HikariDataSource pool = pool(settings, withDriverDefaults(settings.url(), settings.socketTimeout()),
                settings.poolSize(), "tenantry-jdbc");
        try {
            SQLDialect dialect = detectDialect(pool);
            if (settings.url().startsWith("jdbc:mysql:")) {
                // Migrations get a connection of their own without the socket timeout: one that rebuilds a
                // large table may run for many minutes, which must not count as a dead connection.
                try (HikariDataSource migrator = pool(settings, withDriverDefaults(settings.url(), null), 1,
                        "tenantry-jdbc-migration")) {
                    migrate(migrator);
                }
            } else {
                migrate(pool);
            }
            LOG.info("opened database {} ({}), pool size {}", redact(settings.url()), dialect, settings.poolSize());
            return new JdbcDatabase(pool, dialect, redact(settings.url()));
        } catch (RuntimeException | SQLException e) {
            pool.close();
            throw new ConfigurationException("database.url",
                    "cannot prepare " + redact(settings.url()) + ": " + e.getMessage());
        }
    }

    /** {@return the jOOQ context on the pool} */
    public DSLContext dsl() {
        return dsl;
    }

    /** {@return the dialect detected from the server} */
    public SQLDialect dialect() {
        return dialect;
    }

    /** {@return the pool} */
    public DataSource dataSource() {
        return pool;
    }

    /**
     * Retires every pooled connection, so that the next use opens a fresh one. Called after a failure that
     * suggests the server went away: its old connections are dead even once it is back.
     */
    void evictConnections() {
        var mx = pool.getHikariPoolMXBean();
        if (mx != null) {
            mx.softEvictConnections();
        }
    }

    /** {@return the URL without its query parameters} */
    public String redactedUrl() {
        return redactedUrl;
    }

    /**
     * Runs {@code work} in one transaction, retrying it a few times when the database reports a deadlock or
     * a serialization failure, which concurrent writers of one row (a counter, a rollup) can provoke.
     */
    public <T> T transaction(Function<DSLContext, T> work) {
        return retrying(() -> dsl.transactionResult(c -> work.apply(c.dsl())));
    }

    /**
     * Runs {@code work} in one transaction at the given JDBC isolation level, retrying like
     * {@link #transaction(Function)}. The pool restores the connection's isolation level when it is returned.
     */
    <T> T transaction(int isolation, Function<DSLContext, T> work) {
        return retrying(() -> dsl.connectionResult(connection -> {
            connection.setTransactionIsolation(isolation);
            return dsl.configuration().derive(new DefaultConnectionProvider(connection)).dsl()
                    .transactionResult(c -> work.apply(c.dsl()));
        }));
    }

    /** Runs {@code transaction} (a transaction, or one statement in autocommit mode) with the same retries. */
    static <T> T retrying(java.util.function.Supplier<T> transaction) {
        DataAccessException last = null;
        for (int attempt = 0; attempt < 8; attempt++) {
            try {
                return transaction.get();
            } catch (DataAccessException e) {
                if (!isRetryable(e)) {
                    throw e;
                }
                last = e;
                Thread.onSpinWait();
            }
        }
        throw last;
    }

    /** {@return whether {@code e} is a unique or primary key violation} */
    static boolean isDuplicateKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && state.startsWith("23")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isRetryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                // 40001 serialization failure / MySQL deadlock, 40P01 deadlock; MySQL lock wait timeout is
                // HY000 with error 1205, H2 lock timeout 50200 and deadlock 40001.
                if (state != null && (state.startsWith("40") || "HYT00".equals(state))) {
                    return true;
                }
                if (sql.getErrorCode() == 1205 || sql.getErrorCode() == 1213 || sql.getErrorCode() == 50200) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void close() {
        if (!pool.isClosed()) {
            pool.close();
            LOG.info("closed database {}", redactedUrl);
        }
    }

    private static SQLDialect detectDialect(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            String product = meta.getDatabaseProductName().toLowerCase(Locale.ROOT);
            String version = meta.getDatabaseProductVersion().toLowerCase(Locale.ROOT);
            if (product.contains("h2")) {
                return SQLDialect.H2;
            }
            // Connector/J reports "MySQL" for a MariaDB server too; its version string says "MariaDB".
            // MariaDB needs its own dialect: the MYSQL one renders SQL that MariaDB rejects.
            if (product.contains("mariadb") || version.contains("mariadb")) {
                return SQLDialect.MARIADB;
            }
            if (product.contains("mysql")) {
                return SQLDialect.MYSQL;
            }
            throw new SQLException("unsupported database " + meta.getDatabaseProductName()
                    + "; expected H2, MySQL or MariaDB");
        }
    }

    private static HikariDataSource pool(JdbcSettings settings, String url, int size, String name) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        settings.user().ifPresent(config::setUsername);
        settings.password().ifPresent(config::setPassword);
        config.setMaximumPoolSize(size);
        config.setConnectionTimeout(Math.max(250, settings.connectTimeout().toMillis()));
        config.setValidationTimeout(Math.max(250, Math.min(settings.connectTimeout().toMillis(), 5_000)));
        config.setPoolName(name);
        config.setAutoCommit(true);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new ConfigurationException("database.url",
                    "cannot connect to " + redact(settings.url()) + ": " + e.getMessage());
        }
    }

    private static void migrate(DataSource ds) {
        Flyway.configure(JdbcDatabase.class.getClassLoader())
                .dataSource(ds)
                .locations("classpath:db-migration")
                .table("tenantry_schema_history")
                .load()
                .migrate();
    }

    /** @param socketTimeout the driver's socket timeout on MySQL and MariaDB, or null for none */
    private static String withDriverDefaults(String url, Duration socketTimeout) {
        if (url.startsWith("jdbc:mysql:")) {
            // rewriteBatchedStatements lets the driver send a JDBC batch as one multi-row statement: the group
            // commit's batches then cost one round trip. cachePrepStmts keeps the driver's parse of each SQL
            // text, which otherwise it repeats for every statement prepared.
            String tuned = url;
            tuned = withDefault(tuned, "rewriteBatchedStatements", "true");
            tuned = withDefault(tuned, "cachePrepStmts", "true");
            tuned = withDefault(tuned, "prepStmtCacheSize", "100");
            tuned = withDefault(tuned, "prepStmtCacheSqlLimit", "4096");
            if (socketTimeout != null) {
                tuned = withDefault(tuned, "socketTimeout", Long.toString(socketTimeout.toMillis()));
            }
            return tuned;
        }
        if (url.startsWith("jdbc:h2:file:") && !url.toUpperCase(Locale.ROOT).contains("WRITE_DELAY")) {
            // H2 otherwise writes committed changes to its file from a background thread up to a second
            // later, so a killed process would lose usage it had acknowledged. With 0 a commit returns only
            // after its changes are written to the file.
            return url + ";WRITE_DELAY=0";
        }
        return url;
    }

    /** {@return the URL with {@code property=value} added, unless the URL sets that property itself} */
    private static String withDefault(String url, String property, String value) {
        if (url.contains(property + "=")) {
            return url;
        }
        return url + (url.contains("?") ? "&" : "?") + property + "=" + value;
    }

    static String redact(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q) + "?...";
    }
}
