package dev.tenantry.examples;

import dev.tenantry.spi.isolation.IsolationProvider;

import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The tours run real scripts, so their tests need the GraalJS sandbox on the module path. Without one they are
 * skipped with the reason, except on CI ({@code CI=true}), where a missing sandbox fails them.
 */
final class IsolationAvailable {
    private IsolationAvailable() {
    }

    static void require(Class<?> testClass) {
        testClass.getModule().addUses(IsolationProvider.class);
        boolean found = ServiceLoader.load(IsolationProvider.class).findFirst().isPresent();
        String reason = "no isolation provider on the module path: the tours need isolation-graaljs";
        if ("true".equals(System.getenv("CI"))) {
            if (!found) {
                throw new AssertionError(reason);
            }
            return;
        }
        assumeTrue(found, reason);
    }
}
