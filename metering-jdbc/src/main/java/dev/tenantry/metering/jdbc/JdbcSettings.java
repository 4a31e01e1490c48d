package dev.tenantry.metering.jdbc;

import dev.tenantry.spi.ConfigurationException;
import dev.tenantry.spi.PluginConfig;
import dev.tenantry.spi.ProviderContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The configuration every JDBC store of this module reads. The platform merges its {@code database} section
 * into each store's section, so every store accepts the union of the database keys and the metering keys.
 *
 * @param url the JDBC URL; defaults to an H2 file database {@code tenantry} in the platform's data folder
 * @param user the database user, if not in the URL
 * @param password the database password, if not in the URL; secret, never logged
 * @param poolSize connections in the shared pool
 * @param connectTimeout how long to wait for a connection before the database counts as unavailable
 * @param groupCommitWindow how long the usage writer waits for more events before it commits a batch
 * @param groupCommitMaxBatch the most events one commit carries
 * @param groupCommitWriters how many batches may be committing at once
 * @param queueCapacity usage events waiting for the writer; more are refused as unavailable
 * @param retention how long raw usage events are kept; older ones are deleted (their rollups stay).
 *     Duplicate detection by event id covers this period.
 * @param retentionInterval how often raw events older than the retention are deleted
 * @param rollupMaxLag how many committed usage events may wait for the background rollup (MySQL and MariaDB)
 *     before commits wait for it: bounds what a reader adds from raw events to the rollups
 * @param socketTimeout MySQL and MariaDB: how long a statement may wait for the server's answer before its
 *     connection counts as dead, so that a connection the network dropped without a word fails the commits on
 *     it instead of holding them for ever; longer than the server's lock wait timeout (50 s by default)
 */
public record JdbcSettings(String url, Optional<String> user, Optional<String> password, int poolSize,
                           Duration connectTimeout, Duration groupCommitWindow, int groupCommitMaxBatch,
                           int groupCommitWriters, int queueCapacity, Duration retention, Duration retentionInterval,
                           int rollupMaxLag, Duration socketTimeout) {

    /** Every key the stores of this module accept. */
    public static final Set<String> KEYS = Set.of("url", "user", "password", "pool-size", "connect-timeout",
            "group-commit-window", "group-commit-max-batch", "group-commit-writers", "queue-capacity", "retention",
            "retention-interval", "rollup-max-lag", "socket-timeout");

    /**
     * Binds a provider's configuration.
     *
     * @throws ConfigurationException naming every unknown key or bad value with its path
     */
    public static JdbcSettings bind(ProviderContext context) {
        PluginConfig config = context.config().withSecrets(Set.of("password"));
        config.requireOnly(KEYS);
        Path data = context.platform().dataDirectory();
        String url = config.string("url", defaultUrl(data));
        if (url.startsWith("jdbc:mariadb:")) {
            throw new ConfigurationException(config.pathOf("url"), "jdbc:mariadb: URLs need the MariaDB driver, "
                    + "which is not included; write jdbc:mysql://host:port/database (MySQL Connector/J), which "
                    + "also serves MariaDB servers, got \"" + redact(url) + "\"");
        }
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:mysql:")) {
            throw new ConfigurationException(config.pathOf("url"),
                    "expected a jdbc:h2: or jdbc:mysql: URL, got \"" + redact(url) + "\"");
        }
        Duration socketTimeout = config.duration("socket-timeout", Duration.ofSeconds(60));
        if (socketTimeout.compareTo(Duration.ofSeconds(1)) < 0 || socketTimeout.compareTo(Duration.ofHours(1)) > 0) {
            throw new ConfigurationException(config.pathOf("socket-timeout"),
                    "expected between 1s and 1h, got " + socketTimeout);
        }
        // Default 0: events arriving while a commit is in flight already form the next batch; waiting on top
        // of that only added latency in the measurements of docs/metering.md.
        Duration window = config.duration("group-commit-window", Duration.ZERO);
        if (window.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new ConfigurationException(config.pathOf("group-commit-window"),
                    "expected at most 1s (every execution waits for it), got " + window);
        }
        Duration retention = config.duration("retention", Duration.ofDays(90));
        if (retention.compareTo(Duration.ofDays(1)) < 0) {
            throw new ConfigurationException(config.pathOf("retention"),
                    "expected at least 1d (usage of the current day is read from raw events), got " + retention);
        }
        return new JdbcSettings(url, config.get("user"), config.get("password"),
                config.integer("pool-size", 8, 1, 512),
                config.duration("connect-timeout", Duration.ofSeconds(2)),
                window,
                config.integer("group-commit-max-batch", 1000, 1, 4000),
                // Two: while one batch waits for its commit to reach the log, the next is already written, and
                // InnoDB flushes both with one fsync. Measured in docs/metering.md.
                config.integer("group-commit-writers", 2, 1, 64),
                config.integer("queue-capacity", 100_000, 1, 10_000_000),
                retention,
                config.duration("retention-interval", Duration.ofHours(1)),
                // 50,000: a reader then sums at most that many raw events on top of the rollups (tens of ms on
                // MariaDB), while 64 producers at 30,000 events/s left at most 12,000 pending, so steady load
                // never waits. Measured in docs/metering.md.
                config.integer("rollup-max-lag", 50_000, 100, 100_000_000),
                socketTimeout);
    }

    /** {@return the embedded default: an H2 file database in {@code dataDirectory}} */
    public static String defaultUrl(Path dataDirectory) {
        // LOCK_TIMEOUT: concurrent quota and storage writers of one tenant queue on a row lock; H2's 1 s
        // default fails them under load where MySQL would wait.
        return "jdbc:h2:file:" + dataDirectory.toAbsolutePath().resolve("tenantry") + ";LOCK_TIMEOUT=10000";
    }

    /** {@return the key under which the pool for this URL is shared} */
    public String poolKey() {
        return "jdbc:" + url;
    }

    /** {@return the URL without query parameters, which may hold credentials} */
    public String redactedUrl() {
        return redact(url);
    }

    private static String redact(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q) + "?...";
    }

    @Override
    public String toString() {
        return "JdbcSettings[url=" + redactedUrl() + ", user=" + user.orElse("") + ", password=<secret>, poolSize="
                + poolSize + ", groupCommitWindow=" + groupCommitWindow + ", groupCommitMaxBatch=" + groupCommitMaxBatch
                + ", retention=" + retention + ", rollupMaxLag=" + rollupMaxLag + "]";
    }
}
