package dev.tenantry.isolation.graaljs;

import dev.tenantry.spi.execution.CancelReason;
import dev.tenantry.spi.execution.ErrorType;
import dev.tenantry.spi.execution.ExecutionError;
import dev.tenantry.spi.execution.ExecutionOutcome;
import dev.tenantry.spi.tenant.TenantLimits;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The framed binary protocol between the supervisor and a worker over the worker's stdin and stdout. A frame
 * is a big-endian {@code int} length, then a type byte and its body; strings are an {@code int} byte count
 * and UTF-8. Compact and dependency-free, and a worker that writes anything else breaks its own framing and
 * is killed.
 */
final class WireFormat {
    /** Supervisor to worker: run a {@link GuestTask}. */
    static final byte EXECUTE = 1;
    /** Supervisor to worker: the reply to a host call. */
    static final byte HOST_REPLY = 2;
    /** Worker to supervisor: started and warm; body is the runtime description. */
    static final byte READY = 10;
    /** Worker to supervisor: a {@code kv} call of the running execution. */
    static final byte HOST_CALL = 11;
    /** Worker to supervisor: the watchdog is cancelling an execution (its id, the reason, its CPU time). */
    static final byte CANCELLING = 12;
    /** Worker to supervisor: the {@link GuestResult}. */
    static final byte RESULT = 13;

    /** Frames above this size are refused: a corrupt length must not allocate the heap away. */
    static final int MAX_FRAME = 256 << 20;

    private WireFormat() {
    }

    /** A decoded frame. */
    record Frame(byte type, DataInputStream body) {
    }

    /** Builds the body of a frame. */
    static final class Writer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        private final DataOutputStream out = new DataOutputStream(bytes);
        private final byte type;

        Writer(byte type) {
            this.type = type;
        }

        Writer string(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b);
            return this;
        }

        Writer longValue(long v) throws IOException {
            out.writeLong(v);
            return this;
        }

        Writer intValue(int v) throws IOException {
            out.writeInt(v);
            return this;
        }

        Writer bool(boolean v) throws IOException {
            out.writeBoolean(v);
            return this;
        }

        /** Writes the frame and flushes; callers serialize writes to one stream. */
        void sendTo(OutputStream os) throws IOException {
            out.flush();
            byte[] body = bytes.toByteArray();
            DataOutputStream o = new DataOutputStream(os);
            o.writeInt(body.length + 1);
            o.writeByte(type);
            o.write(body);
            o.flush();
        }
    }

    static Frame read(InputStream in) throws IOException {
        return read(in, 0);
    }

    /**
     * Reads the next frame, first polling for up to {@code spinNanos} before blocking. A blocked reader on a
     * pipe is woken by the scheduler, which on a VM costs 15-25 microseconds per message (measured: a
     * one-byte ping-pong between two processes took 34 us across CPUs, 4 us on one CPU); a reader that is
     * still polling when the frame arrives sees it at once.
     */
    static Frame read(InputStream in, long spinNanos) throws IOException {
        if (spinNanos > 0 && in.available() == 0) {
            long end = System.nanoTime() + spinNanos;
            while (in.available() == 0 && System.nanoTime() - end < 0) {
                // Yield rather than spin hard: a thread that has work on this CPU (a worker, a request) gets it.
                Thread.yield();
            }
        }
        DataInputStream d = new DataInputStream(in);
        int length = d.readInt();
        if (length < 1 || length > MAX_FRAME) {
            throw new IOException("bad frame length " + length);
        }
        byte[] frame = d.readNBytes(length);
        if (frame.length != length) {
            throw new EOFException("stream ended inside a frame");
        }
        return new Frame(frame[0], new DataInputStream(new java.io.ByteArrayInputStream(frame, 1, length - 1)));
    }

    static String string(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_FRAME) {
            throw new IOException("bad string length " + n);
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    static Writer task(GuestTask t) throws IOException {
        TenantLimits.ExecutionLimits l = t.limits();
        Writer w = new Writer(EXECUTE).string(t.executionId()).string(t.tenant()).string(t.code())
                .bool(t.argumentsJson().isPresent()).string(t.argumentsJson().orElse(""))
                .longValue(l.cpuTime().toNanos()).longValue(l.wallTime().toNanos()).longValue(l.memoryBytes())
                .longValue(l.maxStatements()).intValue(l.maxStackDepth()).longValue(l.maxConsoleBytes())
                .longValue(l.maxResultBytes());
        return w.bool(t.allowEval());
    }

    static GuestTask task(DataInputStream in) throws IOException {
        String id = string(in);
        String tenant = string(in);
        String code = string(in);
        boolean hasArgs = in.readBoolean();
        String args = string(in);
        TenantLimits.ExecutionLimits limits = new TenantLimits.ExecutionLimits(Duration.ofNanos(in.readLong()),
                Duration.ofNanos(in.readLong()), in.readLong(), in.readLong(), in.readInt(), in.readLong(), in.readLong());
        return new GuestTask(id, tenant, code, hasArgs ? Optional.of(args) : Optional.empty(), limits, in.readBoolean());
    }

    static Writer result(GuestResult r) throws IOException {
        Writer w = new Writer(RESULT);
        switch (r.outcome()) {
            case ExecutionOutcome.Succeeded s -> w.intValue(0).string(s.resultJson());
            case ExecutionOutcome.Failed f -> w.intValue(1).intValue(f.error().type().ordinal())
                    .string(f.error().message()).intValue(f.error().line().orElse(-1))
                    .intValue(f.error().column().orElse(-1)).string(f.error().guestStack());
            case ExecutionOutcome.Cancelled c -> w.intValue(2).intValue(c.reason().ordinal()).string(c.detail())
                    .bool(c.workerKilled());
        }
        return w.longValue(r.cpuNanos()).longValue(r.wallNanos()).longValue(r.allocatedBytes())
                .longValue(r.outputBytes()).string(r.console()).bool(r.consoleTruncated());
    }

    static GuestResult result(DataInputStream in) throws IOException {
        int kind = in.readInt();
        ExecutionOutcome outcome = switch (kind) {
            case 0 -> new ExecutionOutcome.Succeeded(string(in));
            case 1 -> {
                ErrorType type = ErrorType.values()[in.readInt()];
                String message = string(in);
                int line = in.readInt();
                int column = in.readInt();
                yield new ExecutionOutcome.Failed(new ExecutionError(type, message,
                        line < 0 ? OptionalInt.empty() : OptionalInt.of(line),
                        column < 0 ? OptionalInt.empty() : OptionalInt.of(column), string(in)));
            }
            case 2 -> new ExecutionOutcome.Cancelled(CancelReason.values()[in.readInt()], string(in), in.readBoolean());
            default -> throw new IOException("bad outcome kind " + kind);
        };
        return new GuestResult(outcome, in.readLong(), in.readLong(), in.readLong(), in.readLong(), string(in),
                in.readBoolean());
    }
}
