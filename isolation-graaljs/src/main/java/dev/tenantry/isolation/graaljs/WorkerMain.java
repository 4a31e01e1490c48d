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
import java.time.Duration;

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
     * @param args the compiled-source cache size and the number of warm-up executions
     */
    public static void main(String[] args) throws IOException {
        InputStream in = new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16);
        OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        // Anything a library prints must not corrupt the protocol on stdout.
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        int cacheSize = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 500;
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
        while (true) {
            WireFormat.Frame frame;
            try {
                frame = WireFormat.read(in);
            } catch (java.io.EOFException e) {
                Runtime.getRuntime().halt(0);
                return;
            }
            if (frame.type() != WireFormat.EXECUTE) {
                throw new IOException("unexpected frame " + frame.type());
            }
            GuestTask task = WireFormat.task(frame.body());
            GuestHost host = (op, key, value) -> {
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
            GuestRuntime.CancelListener listener = (reason, cpu) -> {
                try {
                    synchronized (writeLock) {
                        new WireFormat.Writer(WireFormat.CANCELLING).string(task.executionId()).intValue(reason.ordinal())
                                .longValue(cpu).sendTo(out);
                    }
                } catch (IOException e) {
                    Runtime.getRuntime().halt(2);
                }
            };
            // A cancel that does not land is the supervisor's to handle by killing this process.
            GuestResult result = runtime.run(task, host, listener, Duration.ofDays(1));
            synchronized (writeLock) {
                WireFormat.result(result).sendTo(out);
            }
        }
    }
}
