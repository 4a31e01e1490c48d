package dev.tenantry.isolation.graaljs;

import dev.tenantry.spi.isolation.Sandbox;
import dev.tenantry.testkit.isolation.SandboxContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class InProcessSandboxContractTest extends SandboxContract {
    private static Sandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = Sandboxes.inProcess();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Override
    protected Sandbox sandbox() {
        return sandbox;
    }
}
