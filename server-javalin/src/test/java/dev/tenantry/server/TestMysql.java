package dev.tenantry.server;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The MySQL/MariaDB server of the environment, for the tests that run the server's stores on it. */
final class TestMysql {
    static final String URL_VARIABLE = "TENANTRY_TEST_MYSQL_URL";

    private TestMysql() {
    }

    /**
     * {@return the JDBC URL in {@code TENANTRY_TEST_MYSQL_URL}}: when it is unset the calling test is skipped,
     * except under {@code CI=true}, which requires the MySQL/MariaDB tests to run, so there it fails
     */
    static String url() {
        String url = System.getenv(URL_VARIABLE);
        if (url == null || url.isBlank()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(URL_VARIABLE + " is not set, but CI=true requires the MySQL/MariaDB tests to run; "
                        + "set it to a JDBC URL such as jdbc:mysql://127.0.0.1:3306/test?user=root&password=");
            }
            assumeTrue(false, URL_VARIABLE + " is not set: MySQL/MariaDB tests skipped");
        }
        return url;
    }
}
