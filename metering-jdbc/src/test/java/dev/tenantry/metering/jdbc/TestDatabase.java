package dev.tenantry.metering.jdbc;

import dev.tenantry.metering.jdbc.schema.DefaultSchema;
import dev.tenantry.spi.PluginConfig;
import dev.tenantry.testkit.TestingProviderContext;
import org.jooq.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A database for tests: an H2 file database in a fresh folder, or the MySQL/MariaDB server named by
 * {@code TENANTRY_TEST_MYSQL_URL} (skipped when unset, failed when unset under {@code CI=true}).
 */
final class TestDatabase implements AutoCloseable {
    static final String MYSQL_URL_VARIABLE = "TENANTRY_TEST_MYSQL_URL";

    private final Path dataDirectory;
    private final Optional<String> url;
    private final TestingProviderContext context;

    private TestDatabase(Path dataDirectory, Optional<String> url, Map<String, String> extra, Clock clock) {
        this.dataDirectory = dataDirectory;
        this.url = url;
        this.context = new TestingProviderContext(config(extra), clock, 2, dataDirectory);
    }

    /** {@return an H2 database in a new temporary folder, at the module's default URL} */
    static TestDatabase h2() {
        return h2(Map.of());
    }

    static TestDatabase h2(Map<String, String> extra) {
        return new TestDatabase(newFolder(), Optional.empty(), extra, Clock.systemUTC());
    }

    /** {@return the MySQL/MariaDB database of the environment, emptied} */
    static TestDatabase mysql() {
        return mysql(Map.of());
    }

    static TestDatabase mysql(Map<String, String> extra) {
        TestDatabase db = new TestDatabase(newFolder(), Optional.of(mysqlUrl()), extra, Clock.systemUTC());
        db.clear();
        return db;
    }

    /** {@return the URL of the test MySQL/MariaDB server}, skipping the test when there is none outside CI */
    static String mysqlUrl() {
        String url = System.getenv(MYSQL_URL_VARIABLE);
        if (url == null || url.isBlank()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(MYSQL_URL_VARIABLE + " is not set, but CI=true requires the MySQL/MariaDB tests to run; "
                        + "set it to a JDBC URL such as jdbc:mysql://127.0.0.1:3306/test?user=root&password=");
            }
            assumeTrue(false, MYSQL_URL_VARIABLE + " is not set: MySQL/MariaDB tests skipped");
        }
        return url;
    }

    /** {@return an H2 database in an existing folder, keeping what it holds} */
    static TestDatabase h2At(Path folder) {
        return new TestDatabase(folder, Optional.empty(), Map.of(), Clock.systemUTC());
    }

    /** {@return the MySQL/MariaDB database of the environment, keeping what it holds} */
    static TestDatabase mysqlKeeping() {
        return new TestDatabase(newFolder(), Optional.of(mysqlUrl()), Map.of(), Clock.systemUTC());
    }

    static TestDatabase of(String kind) {
        return of(kind, Map.of());
    }

    static TestDatabase of(String kind, Map<String, String> extra) {
        return "mysql".equals(kind) ? mysql(extra) : h2(extra);
    }

    private PluginConfig config(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(extra);
        url.ifPresent(u -> values.put("url", u));
        return PluginConfig.of("database", values);
    }

    TestingProviderContext context() {
        return context;
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    /** {@return the pool every store of this context shares} */
    JdbcDatabase database() {
        return SharedDatabase.of(context, JdbcSettings.bind(context));
    }

    /** Empties every table, so a test on a shared server starts from nothing. */
    void clear() {
        JdbcDatabase db = database();
        for (Table<?> t : DefaultSchema.DEFAULT_SCHEMA.getTables()) {
            db.dsl().deleteFrom(t).execute();
        }
    }

    JdbcUsageStore usageStore() {
        return (JdbcUsageStore) new JdbcMeteringProvider().create(context);
    }

    /** {@return a usage store whose rollups lag until the test rolls them up} */
    JdbcUsageStore usageStoreWithoutBackgroundRollup() {
        return new JdbcUsageStore(database(), Clock.systemUTC(), JdbcSettings.bind(context), false);
    }

    @Override
    public void close() throws Exception {
        context.close();
        deleteRecursively(dataDirectory);
    }

    static void deleteRecursively(Path folder) throws java.io.IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (var paths = Files.walk(folder)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static Path newFolder() {
        try {
            return Files.createTempDirectory("tenantry-jdbc-test");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
