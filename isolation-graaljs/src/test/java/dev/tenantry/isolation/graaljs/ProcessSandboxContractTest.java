package dev.tenantry.isolation.graaljs;

import dev.tenantry.spi.isolation.Sandbox;
import dev.tenantry.testkit.TestingProviderContext;
import dev.tenantry.testkit.isolation.SandboxContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

class ProcessSandboxContractTest extends SandboxContract {
    private static TestingProviderContext context;
    private static Sandbox sandbox;

    @BeforeAll
    static void start() {
        context = Sandboxes.context(Sandboxes.processConfig(Map.of()));
        sandbox = Sandboxes.process(context);
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
