package dev.tenantry.isolation.graaljs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed number of pre-started, warm worker JVMs, plus warm spares. A worker that was killed or died is
 * replaced at once by a spare, and a new spare starts in the background; without a spare a forced kill costs
 * the pool one worker for one JVM start and warm-up. A worker that reached its execution budget is retired
 * only once a spare can take its place, so recycling never costs capacity, and replacements are started one
 * after another rather than all at once (workers started together reach their budgets together, and on a
 * small machine several JVMs warming at once starve the ones serving).
 * Thread-safe.
 */
final class WorkerPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** How often the wall-time backstop of busy workers is checked; small beside the backstop's own slack. */
    private static final long BACKSTOP_SWEEP_MILLIS = 10;

    private final String name;
    private final int size;
    private final List<String> command;
    private final int maxExecutions;
    private final boolean jitExpected;
    private final ScheduledExecutorService timer;
    private final ExecutorService starter;
    private final ScheduledFuture<?> backstopSweep;
    private final LinkedBlockingDeque<WorkerProcess> idle = new LinkedBlockingDeque<>();
    private final Set<WorkerProcess> all = ConcurrentHashMap.newKeySet();
    /** Workers in service (idle or busy), at most {@code size}. */
    private final AtomicInteger ready = new AtomicInteger();
    /** Warm workers waiting to replace one that is retired, so a kill does not wait for a JVM start. */
    private final java.util.concurrent.ConcurrentLinkedDeque<WorkerProcess> spare =
            new java.util.concurrent.ConcurrentLinkedDeque<>();
    private final AtomicInteger started = new AtomicInteger();
    /** Worker starts in flight. */
    private final AtomicInteger starting = new AtomicInteger();
    /** In-service workers past their execution budget, waiting for a spare to take their place. */
    private final Set<WorkerProcess> overBudget = ConcurrentHashMap.newKeySet();
    private final int spares;
    private volatile String runtime = "GraalJS (starting)";
    private volatile boolean closed;

    WorkerPool(String name, int size, int spares, WorkerCommand command, int maxExecutions,
               ScheduledExecutorService timer) {
        this.name = name;
        this.jitExpected = command.jitEnabled();
        this.size = size;
        this.command = command.command();
        this.maxExecutions = maxExecutions;
        this.spares = spares;
        this.timer = timer;
        this.starter = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon().name("graaljs-" + name + "-starter").factory());
        refill();
        this.backstopSweep = timer.scheduleWithFixedDelay(this::enforceBackstops, BACKSTOP_SWEEP_MILLIS,
                BACKSTOP_SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void enforceBackstops() {
        long now = System.nanoTime();
        for (WorkerProcess w : all) {
            w.enforceBackstop(now);
        }
    }

    int size() {
        return size;
    }

    /** {@return whether every worker is started and warm} */
    boolean ready() {
        return ready.get() >= size;
    }

    /** {@return how many workers this pool has started, replacements included} */
    int started() {
        return started.get();
    }

    /** {@return how many warm spares wait beside the pool} */
    int spareCount() {
        return spare.size();
    }

    String runtime() {
        return runtime;
    }

    /** Waits until every worker is ready or {@code timeout} passes; {@return whether they are} */
    boolean awaitReady(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!ready() && System.nanoTime() < end && !closed) {
            Thread.sleep(20);
        }
        return ready();
    }

    /** Takes an idle worker, waiting for one. */
    WorkerProcess take() throws InterruptedException {
        while (true) {
            if (closed) {
                throw new IllegalStateException("sandbox closed");
            }
            WorkerProcess w = idle.pollFirst(100, TimeUnit.MILLISECONDS);
            if (w != null) {
                if (!w.dead()) {
                    return w;
                }
                retire(w);
            }
        }
    }

    /** Returns a worker after an execution; a dead one is replaced, a used-up one once a spare is warm. */
    void release(WorkerProcess w) {
        if (closed) {
            w.kill();
            return;
        }
        if (w.dead()) {
            retire(w);
            return;
        }
        if (w.executions() >= maxExecutions && retireIfReplaceable(w)) {
            return;
        }
        // Last in, first out keeps the most recently used (hottest) workers busy.
        idle.offerFirst(w);
    }

    /** Retires a worker past its budget if a spare can take its place; otherwise asks for one. */
    private synchronized boolean retireIfReplaceable(WorkerProcess w) {
        if (!closed && liveSpareAvailable()) {
            retire(w);
            return true;
        }
        overBudget.add(w);
        refill();
        return false;
    }

    private boolean liveSpareAvailable() {
        spare.removeIf(s -> {
            if (s.dead()) {
                all.remove(s);
                return true;
            }
            return false;
        });
        return !spare.isEmpty();
    }

    private synchronized void retire(WorkerProcess w) {
        overBudget.remove(w);
        if (all.remove(w)) {
            ready.decrementAndGet();
            w.kill();
            if (!closed) {
                if (liveSpareAvailable()) {
                    ready.incrementAndGet();
                    idle.offerFirst(spare.pollFirst());
                }
                refill();
            }
        }
    }

    /**
     * Starts workers until those in service, spare and starting make up the pool, its spares, and one
     * replacement for each worker past its budget beyond what the spares cover.
     */
    private synchronized void refill() {
        int wanted = size + Math.max(spares, overBudget.size());
        while (!closed && ready.get() + spare.size() + starting.get() < wanted) {
            startOne();
        }
    }

    /** Puts a newly started worker in service, or aside as a spare when the pool is full. */
    private synchronized void place(WorkerProcess w) {
        starting.decrementAndGet();
        if (closed) {
            w.kill();
        } else if (ready.get() < size) {
            ready.incrementAndGet();
            idle.offerLast(w);
        } else {
            spare.offerLast(w);
        }
    }

    private void startOne() {
        starting.incrementAndGet();
        starter.execute(() -> {
            long backoff = 100;
            while (!closed) {
                try {
                    WorkerProcess w = WorkerProcess.start(command, START_TIMEOUT, timer);
                    runtime = w.runtime();
                    all.add(w);
                    started.incrementAndGet();
                    LOG.info("graaljs {} worker {} ready in {} ms: {}", name, w.pid(), w.startup().toMillis(), w.runtime());
                    if (jitExpected && w.runtime().contains("interpreter only")) {
                        LOG.warn("graaljs {} worker {} started with the JIT flags but runs interpreter only: is the "
                                + "compiler jar newer than this JDK's update release?", name, w.pid());
                    }
                    place(w);
                    return;
                } catch (IOException e) {
                    LOG.warn("graaljs {} worker failed to start, retrying in {} ms: {}", name, backoff, e.getMessage());
                    try {
                        Thread.sleep(backoff);
                    } catch (InterruptedException ie) {
                        return;
                    }
                    backoff = Math.min(backoff * 2, 10_000);
                }
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        backstopSweep.cancel(false);
        starter.shutdownNow();
        for (WorkerProcess w : all) {
            w.kill();
        }
        idle.clear();
        spare.clear();
    }
}
