package dev.tenantry.isolation.graaljs;

import dev.tenantry.spi.isolation.Sandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class InProcessHostileScriptsTest extends HostileScriptsSuite {
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
    Sandbox sandbox() {
        return sandbox;
    }
}
