package dev.tenantry.isolation.graaljs;

import dev.tenantry.spi.execution.CancelReason;
import dev.tenantry.spi.execution.ExecutionOutcome;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * The supervisor's handle on one worker JVM. Not thread-safe: the pool hands it to one caller at a time.
 */
final class WorkerProcess {
    /** Slack for a worker whose own watchdog is starved (GC thrashing) before the wall-time backstop kills it. */
    private static final long BACKSTOP_SLACK_NANOS = 250_000_000L;
    /** How long a worker whose pipe broke without a kill of ours gets to exit with its own code. */
    private static final Duration NATURAL_EXIT_WAIT = Duration.ofSeconds(2);

    private final Process process;
    private final InputStream in;
    private final OutputStream out;
    private final String runtime;
    private final long startupNanos;
    private int executions;
    private volatile boolean dead;
    /** The execution running now, for the pool's periodic wall-time backstop; null between executions. */
    private volatile InFlight inFlight;

    /**
     * One execution as the supervisor watches it. A deadline read by a periodic sweep instead of a timer task
     * per execution: a cancelled timer task stays queued until its delay (the wall limit, a minute by default)
     * passes, so thousands of executions a second left hundreds of thousands of dead tasks in the queue.
     */
    private static final class InFlight {
        final long backstopAt;
        final AtomicReference<CancelReason> killedFor = new AtomicReference<>();

        InFlight(long backstopAt) {
            this.backstopAt = backstopAt;
        }
    }

    /**
     * The outcome of one execution on a worker.
     *
     * @param result what the worker (or the supervisor, when it had to kill) reports
     * @param killed whether the worker was killed or died
     * @param reason the limit that forced the kill, if killed
     */
    record Run(GuestResult result, boolean killed, CancelReason reason) {
    }

    private WorkerProcess(Process process, InputStream in, OutputStream out, String runtime, long startupNanos) {
        this.process = process;
        this.in = in;
        this.out = out;
        this.runtime = runtime;
        this.startupNanos = startupNanos;
    }

    /** Starts a worker and waits until it reports ready and warm. */
    static WorkerProcess start(List<String> command, Duration timeout, ScheduledExecutorService timer) throws IOException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        ScheduledFuture<?> guard = timer.schedule(p::destroyForcibly, timeout.toMillis(), TimeUnit.MILLISECONDS);
        InputStream in = new BufferedInputStream(p.getInputStream(), 1 << 16);
        OutputStream out = new BufferedOutputStream(p.getOutputStream(), 1 << 16);
        try {
            WireFormat.Frame f = WireFormat.read(in);
            if (f.type() != WireFormat.READY) {
                throw new IOException("worker sent frame " + f.type() + " before ready");
            }
            String runtime = WireFormat.string(f.body());
            return new WorkerProcess(p, in, out, runtime, System.nanoTime() - t0);
        } catch (IOException e) {
            p.destroyForcibly();
            throw new IOException("worker did not start: " + e.getMessage(), e);
        } finally {
            guard.cancel(false);
        }
    }

    String runtime() {
        return runtime;
    }

    long pid() {
        return process.pid();
    }

    Duration startup() {
        return Duration.ofNanos(startupNanos);
    }

    int executions() {
        return executions;
    }

    boolean dead() {
        return dead || !process.isAlive();
    }

    /** Kills the process at once. */
    void kill() {
        dead = true;
        process.destroyForcibly();
    }

    /**
     * Runs one execution, serving its host calls, and kills the worker when its cancel does not land within
     * {@code killGrace}, or when it overruns its wall time by more than that. The calling thread polls for each
     * frame from the worker for up to {@code spinNanos} before it blocks.
     */
    Run execute(GuestTask task, HostBridge bridge, Duration killGrace, ScheduledExecutorService timer,
                BooleanSupplier shuttingDown, long spinNanos) {
        executions++;
        long start = System.nanoTime();
        long backstopNanos = task.limits().wallTime().toNanos() + killGrace.toNanos() + BACKSTOP_SLACK_NANOS;
        InFlight flight = new InFlight(start + backstopNanos);
        AtomicReference<CancelReason> killedFor = flight.killedFor;
        long[] reportedCpu = {-1};
        inFlight = flight;
        ScheduledFuture<?> graceKill = null;
        try {
            WireFormat.task(task).sendTo(out);
            while (true) {
                WireFormat.Frame f = WireFormat.read(in, spinNanos);
                switch (f.type()) {
                    case WireFormat.HOST_CALL -> {
                        String op = WireFormat.string(f.body());
                        String key = WireFormat.string(f.body());
                        String value = WireFormat.string(f.body());
                        new WireFormat.Writer(WireFormat.HOST_REPLY).string(bridge.call(op, key, value)).sendTo(out);
                    }
                    case WireFormat.CANCELLING -> {
                        // The watchdog may decide just as the previous execution finished: a late notice for
                        // another execution must not kill this one.
                        String about = WireFormat.string(f.body());
                        CancelReason reason = CancelReason.values()[f.body().readInt()];
                        long cpu = f.body().readLong();
                        if (!about.equals(task.executionId())) {
                            continue;
                        }
                        reportedCpu[0] = cpu;
                        if (graceKill == null) {
                            graceKill = timer.schedule(() -> killFor(flight, reason), killGrace.toNanos(),
                                    TimeUnit.NANOSECONDS);
                        }
                    }
                    case WireFormat.RESULT -> {
                        GuestResult r = WireFormat.result(f.body());
                        if (killedFor.get() == null) {
                            return new Run(r, false, null);
                        }
                        throw new IOException("killed while reporting");
                    }
                    default -> throw new IOException("unexpected frame " + f.type());
                }
            }
        } catch (IOException | RuntimeException e) {
            dead = true;
            if (killedFor.get() == null) {
                // Not a kill of ours: the worker may be exiting on its own (out of memory), and its exit code,
                // which says why, is lost if it is killed first.
                waitForExit(NATURAL_EXIT_WAIT);
            }
            process.destroyForcibly();
            int exit = waitForExit(Duration.ofSeconds(5));
            long wall = System.nanoTime() - start;
            long cpu = reportedCpu[0] >= 0 ? reportedCpu[0] : wall;
            CancelReason reason = killedFor.get();
            String detail;
            if (shuttingDown.getAsBoolean() && reason == null) {
                reason = CancelReason.SHUTDOWN;
                detail = "the platform shut down";
            } else if (reason != null) {
                detail = GuestRuntime.detail(reason, task.limits()) + "; the script did not stop, so its worker was killed";
            } else if (exit == WorkerCommand.OOM_EXIT_CODE) {
                reason = CancelReason.MEMORY;
                detail = "the worker heap was exhausted; the worker was replaced";
            } else {
                reason = CancelReason.WORKER_LOST;
                detail = "the worker died (exit " + exit + ")";
            }
            GuestResult r = new GuestResult(new ExecutionOutcome.Cancelled(reason, detail, true), cpu, wall, 0, 0, "", false);
            return new Run(r, true, reason);
        } finally {
            inFlight = null;
            if (graceKill != null) {
                graceKill.cancel(false);
            }
        }
    }

    /**
     * Kills the worker when the execution in flight has run past its wall time plus the kill grace and some
     * slack: its own watchdog is starved (GC thrashing) or gone. Called from the pool's timer thread.
     */
    void enforceBackstop(long nowNanos) {
        InFlight f = inFlight;
        if (f != null && nowNanos - f.backstopAt > 0) {
            killFor(f, CancelReason.WALL_TIME);
        }
    }

    private void killFor(InFlight flight, CancelReason reason) {
        // A kill meant for an execution that has just ended must not hit the next one.
        if (inFlight == flight && flight.killedFor.compareAndSet(null, reason)) {
            dead = true;
            process.destroyForcibly();
        }
    }

    private int waitForExit(Duration timeout) {
        try {
            if (process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return -1;
    }
}
