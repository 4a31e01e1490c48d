package dev.tenantry.isolation.graaljs;

import dev.tenantry.spi.ProviderContext;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.isolation.Sandbox;
import dev.tenantry.spi.isolation.SandboxResult;
import dev.tenantry.spi.isolation.SandboxTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs guest code in worker JVMs: a shared pool sized to the platform's worker slots, a pool per tenant with
 * dedicated resources, and one quarantine worker for tenants that keep forcing kills. Thread-safe.
 */
final class ProcessSandbox implements Sandbox {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessSandbox.class);

    private final GraalJsConfig config;
    private final WorkerCommand command;
    private final ScheduledExecutorService timer;
    final WorkerPool shared;
    private final Map<TenantId, WorkerPool> dedicated = new ConcurrentHashMap<>();
    private final KillLedger ledger;
    private volatile WorkerPool quarantine;
    /** Executions in flight across all pools, to decide whether a waiting caller may poll a CPU. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final int cpus = Runtime.getRuntime().availableProcessors();
    private volatile boolean closed;

    ProcessSandbox(GraalJsConfig config, ProviderContext context, WorkerCommand command) {
        this.config = config;
        this.command = command;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("graaljs-timer").factory());
        this.ledger = new KillLedger(context.clock(), config.quarantineAfterKills(), config.quarantineWindow());
        this.shared = new WorkerPool("shared", config.workers(), config.spareWorkers(), command, config.maxExecutionsPerWorker(), timer);
    }

    /** Waits until the shared workers are warm; {@return whether they are} */
    boolean awaitReady(Duration timeout) throws InterruptedException {
        return shared.awaitReady(timeout);
    }

    @Override
    public SandboxResult run(SandboxTask task) {
        if (closed) {
            throw new IllegalStateException("sandbox closed");
        }
        TenantId tenant = task.tenant().id();
        WorkerPool pool = poolFor(task);
        HostBridge bridge = new HostBridge(task.host());
        WorkerProcess worker;
        try {
            worker = pool.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a worker", e);
        }
        WorkerProcess.Run run;
        // Each execution in flight keeps a worker on a CPU; a caller polls for its result only while there is
        // a CPU for it as well, so polling shortens a lone execution and never slows a busy pool.
        long spin = inFlight.incrementAndGet() * 2 <= cpus ? config.resultSpin().toNanos() : 0;
        try {
            run = worker.execute(Tasks.toGuest(task), bridge, config.killGrace(), timer, () -> closed, spin);
        } finally {
            bridge.end();
            inFlight.decrementAndGet();
            pool.release(worker);
        }
        // The kill reaches the platform in the outcome (workerKilled), and the pipeline publishes its event for
        // every isolation provider alike; publishing here as well counted each kill twice.
        if (run.killed() && !closed) {
            boolean nowQuarantined = ledger.recordKill(tenant);
            LOG.warn("graaljs worker {} killed for tenant {} (execution {}, {})", worker.pid(), tenant, task.id(),
                    run.reason().wireName());
            if (nowQuarantined) {
                LOG.warn("tenant {} forced {} worker kills within {}: confined to the quarantine worker", tenant,
                        ledger.recentKills(tenant), config.quarantineWindow());
            }
        }
        return Tasks.toResult(task, run.result(), bridge.calls());
    }

    // package-private for tests of the routing
    WorkerPool poolFor(SandboxTask task) {
        TenantId tenant = task.tenant().id();
        if (ledger.quarantined(tenant)) {
            WorkerPool q = quarantine;
            if (q == null) {
                synchronized (this) {
                    if (quarantine == null) {
                        quarantine = new WorkerPool("quarantine", 1, 0, command, config.maxExecutionsPerWorker(), timer);
                    }
                    q = quarantine;
                }
            }
            return q;
        }
        if (task.tenant().dedicatedResources()) {
            return dedicated.computeIfAbsent(tenant, t -> new WorkerPool("dedicated-" + t.value(),
                    config.dedicatedWorkers(), 0, command, config.maxExecutionsPerWorker(), timer));
        }
        return shared;
    }

    /** {@return whether the tenant is confined to the quarantine worker} */
    boolean quarantined(TenantId tenant) {
        return ledger.quarantined(tenant);
    }

    @Override
    public int parallelism() {
        return shared.size();
    }

    @Override
    public boolean ready() {
        return shared.ready();
    }

    @Override
    public String runtimeDescription() {
        return shared.runtime() + ", " + shared.size() + " worker processes";
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        shared.close();
        dedicated.values().forEach(WorkerPool::close);
        if (quarantine != null) {
            quarantine.close();
        }
        timer.shutdownNow();
    }
}
