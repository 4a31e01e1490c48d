package dev.tenantry.isolation.graaljs;

import dev.tenantry.spi.isolation.Sandbox;
import dev.tenantry.spi.isolation.SandboxResult;
import dev.tenantry.spi.isolation.SandboxTask;

import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * Runs guest code in the platform's own JVM with the same limits as the worker mode but no process
 * boundary. For embedding and tests: a script that refuses to be cancelled keeps its thread (and a core)
 * for as long as the JVM lives, and a heap exhausted by a guest is the platform's heap. Thread-safe.
 */
final class InProcessSandbox implements Sandbox {
    private final GuestRuntime runtime;
    private final Semaphore slots;
    private final int parallelism;
    private final Duration killGrace;
    private volatile boolean closed;

    InProcessSandbox(GraalJsConfig config) {
        this.runtime = new GuestRuntime(config.compiledCacheSize());
        this.runtime.warmUp(config.warmUpExecutions());
        this.parallelism = config.workers();
        this.slots = new Semaphore(parallelism, true);
        this.killGrace = config.killGrace();
    }

    @Override
    public SandboxResult run(SandboxTask task) {
        if (closed) {
            throw new IllegalStateException("sandbox closed");
        }
        slots.acquireUninterruptibly();
        try {
            HostBridge bridge = new HostBridge(task.host());
            GuestResult r;
            try {
                r = runtime.run(Tasks.toGuest(task), bridge, GuestRuntime.CancelListener.NONE, killGrace);
            } finally {
                // An abandoned guest thread may still be running: from here on it reaches no data.
                bridge.end();
            }
            return Tasks.toResult(task, r, bridge.calls());
        } finally {
            slots.release();
        }
    }

    @Override
    public int parallelism() {
        return parallelism;
    }

    @Override
    public String runtimeDescription() {
        return runtime.description() + ", in-process";
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            runtime.close();
        }
    }
}
