package dev.tenantry.isolation.graaljs;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The entry point of a worker JVM: one shared engine, one execution at a time, speaking {@link WireFormat}
 * over stdin and stdout. The worker never decides to die on its own account: the supervisor kills it when a
 * cancel does not land. It exits when stdin closes, so a dead supervisor leaves no orphans.
 */
public final class WorkerMain {
    private WorkerMain() {
    }

    /**
     * Runs the worker.
     *
     * @param args the compiled-source cache size, the number of warm-up executions and how many nanoseconds an
     *     idle worker polls for its next task before it blocks
     */
    public static void main(String[] args) throws IOException {
        InputStream in = new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16);
        OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        // Anything a library prints must not corrupt the protocol on stdout.
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        int cacheSize = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        long spinNanos = args.length > 2 ? Long.parseLong(args[2]) : 0;
        GuestRuntime runtime = new GuestRuntime(cacheSize);
        runtime.warmUp(warmUp);
        Object writeLock = new Object();
        try {
            synchronized (writeLock) {
                new WireFormat.Writer(WireFormat.READY).string(runtime.description()).sendTo(out);
            }
        } catch (IOException e) {
            // The supervisor closed the pipe while this worker warmed up (the platform shut down): leave quietly.
            Runtime.getRuntime().halt(0);
            return;
        }
        new WorkerMain.Loop(runtime, in, out, writeLock, spinNanos).start(readTask(in, spinNanos));
        // The loop ends the process itself (halt) when stdin closes or the protocol breaks.
        while (true) {
            LockSupport.park();
        }
    }

    /**
     * Reads the next task, polling for up to {@code spinNanos} before it blocks, or ends the process when the
     * supervisor closed stdin.
     */
    private static GuestTask readTask(InputStream in, long spinNanos) throws IOException {
        WireFormat.Frame frame;
        try {
            frame = WireFormat.read(in, spinNanos);
        } catch (java.io.EOFException e) {
            Runtime.getRuntime().halt(0);
            throw e;
        }
        if (frame.type() != WireFormat.EXECUTE) {
            throw new IOException("unexpected frame " + frame.type());
        }
        return WireFormat.task(frame.body());
    }

    /**
     * The protocol loop, run on guest threads: the thread that reads a task runs it and writes its result, so
     * a trivial execution crosses no thread in this process. An execution whose limits need another stack
     * size is handed to the (long-lived) guest thread of that size, which carries on with the loop while the
     * previous one waits for its own size to come back.
     */
    private static final class Loop {
        private final GuestRuntime runtime;
        private final InputStream in;
        private final OutputStream out;
        private final Object writeLock;
        /** How long an idle worker polls for its next task before it blocks. */
        private final long spinNanos;
        private final Map<Long, SynchronousQueue<GuestTask>> threadsByStack = new ConcurrentHashMap<>();

        Loop(GuestRuntime runtime, InputStream in, OutputStream out, Object writeLock, long spinNanos) {
            this.runtime = runtime;
            this.in = in;
            this.out = out;
            this.writeLock = writeLock;
            this.spinNanos = spinNanos;
        }

        /** Hands the first task to the guest thread it needs; that thread carries on. */
        void start(GuestTask first) {
            handTo(GuestRuntime.stackBytes(first.limits()), first);
        }

        private void handTo(long stackBytes, GuestTask task) {
            SynchronousQueue<GuestTask> inbox = threadsByStack.computeIfAbsent(stackBytes, size -> {
                SynchronousQueue<GuestTask> q = new SynchronousQueue<>();
                GuestRuntime.guestThread(() -> serve(size, q), size).start();
                return q;
            });
            try {
                inbox.put(task);
            } catch (InterruptedException e) {
                throw fatal(e);
            }
        }

        private void serve(long stackBytes, SynchronousQueue<GuestTask> inbox) {
            try {
                GuestTask task = inbox.take();
                while (true) {
                    long needed = GuestRuntime.stackBytes(task.limits());
                    if (needed != stackBytes) {
                        handTo(needed, task);
                        task = inbox.take();
                        continue;
                    }
                    GuestResult result = runtime.runOnCurrentThread(task, host(), listener(task));
                    synchronized (writeLock) {
                        WireFormat.result(result).sendTo(out);
                    }
                    task = readTask(in, spinNanos);
                }
            } catch (Throwable e) {
                throw fatal(e);
            }
        }

        private GuestHost host() {
            return (op, key, value) -> {
                try {
                    synchronized (writeLock) {
                        new WireFormat.Writer(WireFormat.HOST_CALL).string(op).string(key).string(value).sendTo(out);
                    }
                    WireFormat.Frame reply = WireFormat.read(in);
                    if (reply.type() != WireFormat.HOST_REPLY) {
                        throw new IOException("expected a host reply, got frame " + reply.type());
                    }
                    return WireFormat.string(reply.body());
                } catch (IOException e) {
                    // The supervisor is gone or confused: nothing sensible is left to do.
                    Runtime.getRuntime().halt(2);
                    throw new UncheckedIOException(e);
                }
            };
        }

        private GuestRuntime.CancelListener listener(GuestTask task) {
            return (reason, cpu) -> {
                try {
                    synchronized (writeLock) {
                        new WireFormat.Writer(WireFormat.CANCELLING).string(task.executionId()).intValue(reason.ordinal())
                                .longValue(cpu).sendTo(out);
                    }
                } catch (IOException e) {
                    Runtime.getRuntime().halt(2);
                }
            };
        }

        /** A worker whose loop fails cannot serve anything more: it exits, and the supervisor replaces it. */
        private static RuntimeException fatal(Throwable e) {
            e.printStackTrace();
            Runtime.getRuntime().halt(1);
            return new IllegalStateException(e);
        }
    }
}
