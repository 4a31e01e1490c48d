package dev.tenantry.isolation.graaljs;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tenantry.spi.execution.CancelReason;
import dev.tenantry.spi.execution.ErrorType;
import dev.tenantry.spi.execution.ExecutionError;
import dev.tenantry.spi.execution.ExecutionOutcome;
import dev.tenantry.spi.tenant.TenantLimits;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;
import org.graalvm.polyglot.proxy.ProxyExecutable;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * One shared GraalJS {@link Engine} that runs executions, each in a fresh {@link Context} on a guest thread with a stack sized to its
 * own, watched by a watchdog thread that cancels an execution over its CPU, allocation or wall-time budget.
 * The same class runs inside worker JVMs and, in {@code in-process} mode, inside the platform.
 *
 * <p>Thread-safe: executions may run concurrently. A cancel that does not land (the guest catches the
 * cancellation and recurses, for instance) leaves the guest thread running; in a worker the supervisor then
 * kills the process, in-process the thread is abandoned after {@code abandonGrace}.
 */
final class GuestRuntime implements AutoCloseable {
    private static final String STACK_OVERFLOW = "RangeError: Maximum call stack size exceeded";
    /** Interpreted frames of ordinary functions measured 1-2 KiB (JIT: up to 3 KiB); sized so the limit is reachable. */
    private static final long STACK_BYTES_PER_FRAME = 3 * 1024;
    private static final long STACK_BASE_BYTES = 1L << 20;
    private static final long WATCH_INTERVAL_NANOS = 1_000_000;
    /**
     * Empty polls after which the watchdog sleeps until an execution begins: an idle worker (a spare, say) then
     * costs no wake-ups, while a busy one is never woken per execution.
     */
    private static final int WATCH_IDLE_POLLS = 100;

    private final Engine engine;
    /** Created on first use: an engine's language options are fixed, and eval is an engine-level option. */
    private volatile Engine evalEngine;
    /** Guest threads by stack size, reused: Truffle pays per new thread entering a context (measured 2-6 ms). */
    private final Map<Long, ExecutorService> guestThreads = new ConcurrentHashMap<>();
    private final Source prelude;
    private final Cache<CacheKey, Source> sources;
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final Set<WatchedExecution> running = ConcurrentHashMap.newKeySet();
    private final Thread watchdog;
    /** Set while the watchdog sleeps without a timeout; whoever registers an execution then wakes it. */
    private volatile boolean watchdogAsleep;
    private volatile boolean closed;

    /** Listens for the watchdog deciding to cancel; called from the watchdog thread. */
    @FunctionalInterface
    interface CancelListener {
        void cancelling(CancelReason reason, long cpuNanos);

        CancelListener NONE = (reason, cpu) -> {
        };
    }

    private record CacheKey(String tenant, String code) {
    }

    GuestRuntime(int compiledCacheSize) {
        this.engine = newEngine(false);
        try (InputStream in = GuestRuntime.class.getResourceAsStream("prelude.js")) {
            if (in == null) {
                throw new IllegalStateException("prelude.js missing from the module");
            }
            this.prelude = Source.newBuilder("js", new String(in.readAllBytes(), StandardCharsets.UTF_8), "prelude.js")
                    .cached(true).buildLiteral();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Holding Source objects keeps the engine's parsed and compiled code for them alive; keyed by tenant so one
        // tenant's churn cannot evict another's hot scripts beyond the bound.
        this.sources = Caffeine.newBuilder().maximumSize(Math.max(1, compiledCacheSize)).build();
        this.watchdog = Thread.ofPlatform().daemon().name("guest-watchdog").unstarted(this::watch);
        this.watchdog.setPriority(Thread.MAX_PRIORITY);
        this.watchdog.start();
    }

    /**
     * Language options go on the engine, not on each context: contexts whose options differ from their
     * engine's do not share compiled code, and the optimizing runtime then recompiles for every execution
     * (measured: 15-20 ms per trivial execution instead of 0.3 ms).
     */
    private static Engine newEngine(boolean allowEval) {
        return Engine.newBuilder("js")
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .option("engine.WarnInterpreterOnly", "false")
                .option("js.allow-eval", Boolean.toString(allowEval))
                .option("js.print", "false")
                .option("js.load", "false")
                .option("js.graal-builtin", "false")
                .option("js.console", "false")
                .build();
    }

    private Engine engineFor(boolean allowEval) {
        if (!allowEval) {
            return engine;
        }
        Engine e = evalEngine;
        if (e == null) {
            synchronized (this) {
                if (evalEngine == null) {
                    evalEngine = newEngine(true);
                }
                e = evalEngine;
            }
        }
        return e;
    }

    private ExecutorService guestThreads(long stackBytes) {
        return guestThreads.computeIfAbsent(stackBytes, size -> Executors.newCachedThreadPool(task -> guestThread(task, size)));
    }

    /** {@return the stack a guest thread needs so that executions with these limits reach their stack depth} */
    static long stackBytes(TenantLimits.ExecutionLimits limits) {
        return STACK_BASE_BYTES + (long) limits.maxStackDepth() * STACK_BYTES_PER_FRAME;
    }

    /**
     * Creates (does not start) a daemon thread with a stack of {@code stackBytes}, on which
     * {@link #runOnCurrentThread} accepts executions whose {@link #stackBytes} is the same.
     */
    static Thread guestThread(Runnable body, long stackBytes) {
        Thread t = new GuestThread(body, stackBytes);
        t.setDaemon(true);
        return t;
    }

    /** A thread whose stack size is known, so an execution can check it runs on a stack sized to its limit. */
    private static final class GuestThread extends Thread {
        final long stackBytes;

        GuestThread(Runnable body, long stackBytes) {
            super(null, body, "guest-" + (stackBytes >> 10) + "k", stackBytes);
            this.stackBytes = stackBytes;
        }
    }

    /** {@return the runtime in use, such as "GraalJS 25.0.3 (GraalVM CE, optimizing)"} */
    String description() {
        String impl = engine.getImplementationName();
        boolean optimizing = !impl.toLowerCase(java.util.Locale.ROOT).contains("interpreted");
        // Maven builds of the engine report "Development Build"; the module version is the release.
        String version = java.util.Optional.ofNullable(Engine.class.getModule().getDescriptor())
                .flatMap(java.lang.module.ModuleDescriptor::rawVersion)
                .orElse(engine.getVersion());
        return "GraalJS " + version + " (" + impl + ", " + (optimizing ? "optimizing" : "interpreter only")
                + ", JDK " + Runtime.version().feature() + ")";
    }

    /**
     * Runs representative executions so tenants do not pay for class loading, profiling and compilation: each
     * distinct script a few times, then the per-execution path (fresh context, prelude, settle) {@code rounds}
     * times, because that path is what every execution repeats and it compiles only after many contexts.
     */
    void warmUp(int rounds) {
        TenantLimits.ExecutionLimits limits = new TenantLimits.ExecutionLimits(Duration.ofSeconds(10),
                Duration.ofSeconds(30), 256L << 20, 10_000_000, 200, 1024, 1 << 20);
        String[] scripts = {
            "1 + 1",
            "function t() { throw new Error('x') } function u() { return t() } try { u() } catch (e) { } ({a: [1, 2]})",
            "(async () => { await kv.get('k').catch(() => 0); console.log('w'); return 1 })()",
            "function f(n) { return n < 2 ? n : f(n - 1) + f(n - 2) } f(12)",
            "let d = 0; function r() { d++; r() } try { r() } catch (e) { } d",
        };
        GuestHost none = (op, k, v) -> "eStorageUnavailableError:warm-up";
        for (int round = 0; round < rounds; round++) {
            String s = round < 5 * scripts.length ? scripts[round % scripts.length] : scripts[round % 3];
            run(new GuestTask("warm-up", "_warm-up", s, java.util.Optional.of("{}"), limits, false), none,
                    CancelListener.NONE, Duration.ofSeconds(5));
        }
        sources.invalidateAll();
    }

    /**
     * Runs one execution to its end.
     *
     * @param task the execution
     * @param host serves its {@code kv} calls
     * @param listener told when the watchdog cancels
     * @param abandonGrace how long after a cancel to give up waiting for the guest thread
     * @return how it ended and what it used
     */
    GuestResult run(GuestTask task, GuestHost host, CancelListener listener, Duration abandonGrace) {
        if (closed) {
            throw new IllegalStateException("runtime closed");
        }
        TenantLimits.ExecutionLimits limits = task.limits();
        long stack = stackBytes(limits);
        WatchedExecution r = new WatchedExecution(limits, listener);
        CompletableFuture<GuestResult> done = new CompletableFuture<>();
        guestThreads(stack).execute(() -> {
            try {
                done.complete(execute(task, host, r));
            } catch (Throwable e) {
                done.completeExceptionally(e);
            } finally {
                running.remove(r);
            }
        });
        long grace = abandonGrace.toNanos();
        while (true) {
            try {
                return done.get(10, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                long cancelAt = r.cancelAt;
                if (cancelAt != 0 && System.nanoTime() - cancelAt > grace) {
                    running.remove(r);
                    CancelReason reason = r.reason.get();
                    long wall = System.nanoTime() - r.startNanos;
                    return new GuestResult(new ExecutionOutcome.Cancelled(reason, detail(reason, limits)
                            + "; the script did not stop and its thread was abandoned", false),
                            r.lastCpu, wall, r.lastAlloc, r.console.total, r.console.text(), r.console.truncated);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the guest", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof OutOfMemoryError) {
                    return heapExhausted(r);
                }
                throw new IllegalStateException("guest runtime failed", cause);
            }
        }
    }

    /**
     * Runs one execution on the calling thread, which must be a {@link #guestThread} with the stack this
     * execution needs ({@link #stackBytes}). Unlike {@link #run}, nothing hands the execution to another thread
     * and back, which is most of the cost of a trivial execution; in exchange a cancel that does not land keeps
     * this call from returning, so it suits only a worker, whose supervisor then kills the process.
     *
     * @throws IllegalStateException if the calling thread's stack is not the one the execution needs
     */
    GuestResult runOnCurrentThread(GuestTask task, GuestHost host, CancelListener listener) {
        if (closed) {
            throw new IllegalStateException("runtime closed");
        }
        long stack = stackBytes(task.limits());
        if (!(Thread.currentThread() instanceof GuestThread g) || g.stackBytes != stack) {
            throw new IllegalStateException("execution " + task.executionId() + " needs a guest thread with a "
                    + stack + "-byte stack, not " + Thread.currentThread().getName());
        }
        WatchedExecution r = new WatchedExecution(task.limits(), listener);
        try {
            return execute(task, host, r);
        } catch (OutOfMemoryError e) {
            return heapExhausted(r);
        } finally {
            running.remove(r);
        }
    }

    private static GuestResult heapExhausted(WatchedExecution r) {
        long wall = System.nanoTime() - r.startNanos;
        return new GuestResult(new ExecutionOutcome.Cancelled(CancelReason.MEMORY, "the heap was exhausted", false),
                r.lastCpu, wall, r.lastAlloc, r.console.total, r.console.text(), r.console.truncated);
    }

    private GuestResult execute(GuestTask task, GuestHost host, WatchedExecution r) {
        TenantLimits.ExecutionLimits limits = task.limits();
        Context.Builder builder = Context.newBuilder("js")
                .engine(engineFor(task.allowEval()))
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .in(InputStream.nullInputStream())
                // No host class lookup is the default; setting even a refusing predicate installs the Java and
                // Packages globals (and java, javax, com, org...) that guest code could then probe.
                .allowIO(IOAccess.NONE)
                .allowCreateThread(false)
                .allowNativeAccess(false)
                .allowCreateProcess(false)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .allowPolyglotAccess(PolyglotAccess.NONE)
                .resourceLimits(ResourceLimits.newBuilder().statementLimit(limits.maxStatements(), null).build());
        Context context = builder.build();
        ConsoleCapture console = r.console;
        console.max = limits.maxConsoleBytes();
        try {
            ProxyExecutable hostFn = args -> {
                String op = args[0].asString();
                String key = args[1].asString();
                String value = args[2].asString();
                if (op.equals("console")) {
                    console.append(key);
                    return "o";
                }
                return host.call(op, key, value);
            };
            Value control = context.eval(prelude).execute(hostFn);
            r.begin(context, threads);
            running.add(r);
            if (watchdogAsleep) {
                LockSupport.unpark(watchdog);
            }
            if (task.argumentsJson().isPresent()) {
                try {
                    control.getMember("bindArgs").execute(task.argumentsJson().get());
                } catch (PolyglotException e) {
                    if (r.reason.get() == null && e.isGuestException() && !e.isCancelled()) {
                        return r.finish(new ExecutionOutcome.Failed(ExecutionError.of(ErrorType.INVALID_ARGUMENTS,
                                "arguments are not valid JSON: " + e.getMessage())), threads);
                    }
                    throw e;
                }
            }
            Value completion = context.eval(source(task));
            control.getMember("settle").execute(completion);
            int state = control.getMember("state").execute().asInt();
            ExecutionOutcome outcome = switch (state) {
                case 1 -> {
                    String json = control.getMember("result").execute().asString();
                    long bytes = utf8Length(json);
                    yield bytes > limits.maxResultBytes()
                            ? new ExecutionOutcome.Cancelled(CancelReason.RESULT_SIZE, "result of " + bytes
                                    + " bytes exceeds the limit of " + limits.maxResultBytes() + " bytes", false)
                            : new ExecutionOutcome.Succeeded(json);
                }
                case 2 -> guestFailure(control, ErrorType.RUNTIME_ERROR, limits);
                case 3 -> guestFailure(control, ErrorType.RESULT_NOT_SERIALIZABLE, limits);
                default -> new ExecutionOutcome.Cancelled(CancelReason.WALL_TIME, "the returned Promise never settles "
                        + "(no pending work can settle it), so the wall time limit of "
                        + limits.wallTime().toMillis() + " ms would expire", false);
            };
            return r.finish(outcome, threads);
        } catch (PolyglotException e) {
            return r.finish(classify(e, r, limits), threads);
        } catch (StackOverflowError e) {
            return r.finish(new ExecutionOutcome.Cancelled(CancelReason.STACK_DEPTH,
                    "stack depth limit of " + limits.maxStackDepth() + " calls exceeded", false), threads);
        } finally {
            running.remove(r);
            try {
                context.close(r.reason.get() != null);
            } catch (PolyglotException | IllegalStateException ignored) {
                // already closed by the watchdog's cancel
            }
        }
    }

    private Source source(GuestTask task) {
        return sources.get(new CacheKey(task.tenant(), task.code()),
                k -> Source.newBuilder("js", k.code(), "script.js").cached(true).buildLiteral());
    }

    private static ExecutionOutcome guestFailure(Value control, ErrorType type, TenantLimits.ExecutionLimits limits) {
        String message = control.getMember("message").execute().asString();
        String stack = control.getMember("stack").execute().asString();
        if (message.equals(STACK_OVERFLOW)) {
            return new ExecutionOutcome.Cancelled(CancelReason.STACK_DEPTH,
                    "stack depth limit of " + limits.maxStackDepth() + " calls exceeded", false);
        }
        return new ExecutionOutcome.Failed(new ExecutionError(type, message, OptionalInt.empty(), OptionalInt.empty(),
                guestOnly(stack)));
    }

    private static ExecutionOutcome classify(PolyglotException e, WatchedExecution r, TenantLimits.ExecutionLimits limits) {
        CancelReason reason = r.reason.get();
        if (reason != null) {
            return new ExecutionOutcome.Cancelled(reason, detail(reason, limits), false);
        }
        if (e.isResourceExhausted() || (e.isCancelled() && e.getMessage() != null
                && e.getMessage().startsWith("Statement count limit"))) {
            return new ExecutionOutcome.Cancelled(CancelReason.STATEMENTS, detail(CancelReason.STATEMENTS, limits), false);
        }
        if (e.isCancelled()) {
            return new ExecutionOutcome.Cancelled(CancelReason.SHUTDOWN, "the execution was cancelled", false);
        }
        if (e.isHostException() || e.isInternalError()) {
            // A host failure must not reach the tenant: its message may describe the platform.
            return new ExecutionOutcome.Failed(ExecutionError.of(ErrorType.INTERNAL_ERROR, "the platform failed"));
        }
        String message = e.getMessage() == null ? "error" : e.getMessage();
        if (message.equals(STACK_OVERFLOW)) {
            return new ExecutionOutcome.Cancelled(CancelReason.STACK_DEPTH, detail(CancelReason.STACK_DEPTH, limits), false);
        }
        OptionalInt line = OptionalInt.empty();
        OptionalInt column = OptionalInt.empty();
        SourceSection at = e.getSourceLocation();
        if (at == null || !at.isAvailable()) {
            for (PolyglotException.StackFrame f : e.getPolyglotStackTrace()) {
                if (f.isGuestFrame() && f.getSourceLocation() != null) {
                    at = f.getSourceLocation();
                    break;
                }
            }
        }
        if (at != null && at.isAvailable() && "script.js".equals(at.getSource().getName())) {
            line = OptionalInt.of(at.getStartLine());
            column = OptionalInt.of(at.getStartColumn());
        }
        ErrorType type = e.isSyntaxError() ? ErrorType.SYNTAX_ERROR : ErrorType.RUNTIME_ERROR;
        StringBuilder stack = new StringBuilder();
        for (PolyglotException.StackFrame f : e.getPolyglotStackTrace()) {
            if (f.isGuestFrame() && f.getSourceLocation() != null
                    && "script.js".equals(f.getSourceLocation().getSource().getName())) {
                SourceSection s = f.getSourceLocation();
                stack.append("    at ").append(f.getRootName() == null || f.getRootName().isEmpty() ? "<anonymous>" : f.getRootName())
                        .append(" (script.js:").append(s.getStartLine()).append(':').append(s.getStartColumn()).append(")\n");
            }
        }
        return new ExecutionOutcome.Failed(new ExecutionError(type, message, line, column, stack.toString()));
    }

    /** Keeps only frames of the tenant's own script: the prelude is platform code. */
    private static String guestOnly(String stack) {
        StringBuilder sb = new StringBuilder();
        for (String l : stack.split("\n")) {
            if (l.contains("script.js:")) {
                sb.append(l).append('\n');
            }
        }
        return sb.toString();
    }

    static String detail(CancelReason reason, TenantLimits.ExecutionLimits limits) {
        return switch (reason) {
            case CPU_TIME -> "CPU time limit of " + limits.cpuTime().toMillis() + " ms exceeded";
            case WALL_TIME -> "wall time limit of " + limits.wallTime().toMillis() + " ms exceeded";
            case MEMORY -> "memory limit of " + limits.memoryBytes() + " bytes exceeded";
            case STATEMENTS -> "statement limit of " + limits.maxStatements() + " exceeded";
            case STACK_DEPTH -> "stack depth limit of " + limits.maxStackDepth() + " calls exceeded";
            case RESULT_SIZE -> "result larger than " + limits.maxResultBytes() + " bytes";
            default -> reason.wireName();
        };
    }

    static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private void watch() {
        int idlePolls = 0;
        while (!closed) {
            if (running.isEmpty()) {
                idlePolls++;
            } else {
                idlePolls = 0;
                for (WatchedExecution r : running) {
                    r.check(threads);
                }
            }
            if (idlePolls >= WATCH_IDLE_POLLS) {
                // Announce the sleep before the last look, so an execution registered after that look sees it.
                watchdogAsleep = true;
                if (running.isEmpty() && !closed) {
                    LockSupport.park(this);
                }
                watchdogAsleep = false;
                idlePolls = 0;
            } else {
                LockSupport.parkNanos(WATCH_INTERVAL_NANOS);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(watchdog);
        for (WatchedExecution r : running) {
            r.cancel(CancelReason.SHUTDOWN, 0);
        }
        // A guest that refuses to stop makes engine.close(true) hang; never let it hang the caller.
        Thread closer = Thread.ofPlatform().daemon().name("guest-engine-close").start(() -> {
            guestThreads.values().forEach(ExecutorService::shutdownNow);
            for (Engine e : new Engine[] {engine, evalEngine}) {
                try {
                    if (e != null) {
                        e.close(true);
                    }
                } catch (RuntimeException ignored) {
                    // closing anyway
                }
            }
        });
        try {
            closer.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
