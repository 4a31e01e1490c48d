package dev.tenantry.isolation.graaljs;

import dev.tenantry.spi.execution.CancelReason;
import dev.tenantry.spi.execution.ExecutionOutcome;
import dev.tenantry.spi.tenant.TenantLimits;
import org.graalvm.polyglot.Context;

import java.util.concurrent.atomic.AtomicReference;

/** The watched state of one execution. */
final class WatchedExecution {
    final TenantLimits.ExecutionLimits limits;
    final GuestRuntime.CancelListener listener;
    final AtomicReference<CancelReason> reason = new AtomicReference<>();
    final ConsoleCapture console = new ConsoleCapture();
    volatile long startNanos = System.nanoTime();
    volatile long cancelAt;
    volatile long lastCpu;
    volatile long lastAlloc;
    volatile Context context;
    long threadId;
    long cpuStart;
    long allocStart;

    WatchedExecution(TenantLimits.ExecutionLimits limits, GuestRuntime.CancelListener listener) {
        this.limits = limits;
        this.listener = listener;
    }

    /** Called on the guest thread once its context is ready: usage counts from here. */
    void begin(Context ctx, com.sun.management.ThreadMXBean threads) {
        threadId = Thread.currentThread().threadId();
        cpuStart = threads.getCurrentThreadCpuTime();
        allocStart = threads.getCurrentThreadAllocatedBytes();
        startNanos = System.nanoTime();
        context = ctx;
    }

    GuestResult finish(ExecutionOutcome outcome, com.sun.management.ThreadMXBean threads) {
        long wall = System.nanoTime() - startNanos;
        long cpu = context == null ? 0 : Math.max(0, threads.getCurrentThreadCpuTime() - cpuStart);
        long alloc = context == null ? 0 : Math.max(0, threads.getCurrentThreadAllocatedBytes() - allocStart);
        return new GuestResult(outcome, cpu, wall, alloc, console.total, console.text(), console.truncated);
    }

    void check(com.sun.management.ThreadMXBean threads) {
        if (context == null || reason.get() != null) {
            return;
        }
        long cpu = threads.getThreadCpuTime(threadId) - cpuStart;
        long alloc = threads.getThreadAllocatedBytes(threadId) - allocStart;
        if (cpu >= 0) {
            lastCpu = cpu;
        }
        if (alloc >= 0) {
            lastAlloc = alloc;
        }
        if (cpu > limits.cpuTime().toNanos()) {
            cancel(CancelReason.CPU_TIME, cpu);
        } else if (alloc > limits.memoryBytes()) {
            cancel(CancelReason.MEMORY, cpu);
        } else if (System.nanoTime() - startNanos > limits.wallTime().toNanos()) {
            cancel(CancelReason.WALL_TIME, cpu);
        }
    }

    void cancel(CancelReason why, long cpu) {
        if (!reason.compareAndSet(null, why)) {
            return;
        }
        cancelAt = System.nanoTime();
        listener.cancelling(why, cpu);
        Context ctx = context;
        if (ctx != null) {
            // close(true) can block for as long as the guest refuses to stop; never on the watchdog itself.
            Thread.ofPlatform().daemon().name("guest-cancel").start(() -> {
                try {
                    ctx.close(true);
                } catch (RuntimeException ignored) {
                    // the guest thread reports the outcome
                }
            });
        }
    }
}
