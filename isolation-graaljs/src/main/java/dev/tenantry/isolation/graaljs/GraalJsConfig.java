package dev.tenantry.isolation.graaljs;

import dev.tenantry.spi.ConfigurationException;
import dev.tenantry.spi.PluginConfig;
import dev.tenantry.spi.ProviderContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The typed configuration of the {@code graaljs} isolation provider.
 *
 * @param mode {@code process} (worker JVMs the platform can kill) or {@code in-process}
 * @param workers shared workers, which is the sandbox's parallelism; default: the platform's worker slots
 * @param workerHeap the {@code -Xmx} of each worker JVM, the hard wall behind the allocation budget
 * @param maxExecutionsPerWorker executions after which a worker is replaced by a fresh one (and loses its
 *     compiled code, so not too few)
 * @param jit whether worker JVMs run the optimizing runtime
 * @param jitModulePath the folder holding the Graal compiler jar; empty: the {@code jit} folder next to
 *     this module's classes or jar
 * @param killGrace how long an in-worker cancel may take before the worker is killed
 * @param compiledCacheSize compiled sources kept per tenant
 * @param dedicatedWorkers workers given to each tenant with {@code dedicated-resources}
 * @param quarantineAfterKills forced kills within {@code quarantineWindow} after which a tenant is
 *     confined to one quarantine worker
 * @param quarantineWindow the window over which forced kills are counted
 * @param warmUpExecutions executions a worker runs before it reports ready; the optimizing runtime compiles
 *     the per-execution path only after many fresh contexts
 * @param spareWorkers warm workers kept beside the shared pool to replace a killed or retired one at once
 * @param workerSpin how long an idle worker polls its pipe for the next task before it blocks: a blocked
 *     reader is woken by the scheduler, which costs a VM 15-25 microseconds per message; zero never polls
 * @param resultSpin how long a caller polls for its worker's result before it blocks, only while fewer
 *     executions are in flight than half the CPUs; zero never polls
 */
public record GraalJsConfig(Mode mode, int workers, long workerHeap, int maxExecutionsPerWorker, Jit jit,
                            Optional<Path> jitModulePath, Duration killGrace, int compiledCacheSize,
                            int dedicatedWorkers, int quarantineAfterKills, Duration quarantineWindow,
                            int warmUpExecutions, int spareWorkers, Duration workerSpin, Duration resultSpin) {

    /** Every key this provider accepts. */
    public static final Set<String> KEYS = Set.of("mode", "workers", "worker-heap", "max-executions-per-worker", "jit",
            "jit-module-path", "kill-grace", "compiled-cache-size", "dedicated-workers", "quarantine-after-kills",
            "quarantine-window", "warm-up-executions", "spare-workers", "worker-spin", "result-spin");

    /** Where guest code runs. */
    public enum Mode {
        /** In worker JVMs that the supervisor kills when a cancel does not land. */
        PROCESS,
        /** In the platform's own JVM: same limits, no process boundary. */
        IN_PROCESS
    }

    /** Whether worker JVMs use the optimizing runtime. */
    public enum Jit {
        /** When the JDK and the compiler jars allow it. */
        AUTO,
        /** Always; creating the sandbox fails if it cannot. */
        ON,
        /** Never: interpreter only. */
        OFF
    }

    /** Validates the values. */
    public GraalJsConfig {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1");
        }
    }

    /**
     * Binds the provider's configuration.
     *
     * @throws ConfigurationException for unknown keys or bad values, naming the path
     */
    public static GraalJsConfig bind(ProviderContext context) {
        PluginConfig c = context.config();
        c.requireOnly(KEYS);
        Mode mode = switch (c.get("mode").orElse("process").toLowerCase(Locale.ROOT)) {
            case "process" -> Mode.PROCESS;
            case "in-process" -> Mode.IN_PROCESS;
            default -> throw new ConfigurationException(c.pathOf("mode"),
                    "expected process or in-process, got \"" + c.get("mode").orElseThrow() + "\"");
        };
        Jit jit = switch (c.get("jit").orElse("auto").toLowerCase(Locale.ROOT)) {
            case "auto" -> Jit.AUTO;
            case "on" -> Jit.ON;
            case "off" -> Jit.OFF;
            default -> throw new ConfigurationException(c.pathOf("jit"),
                    "expected auto, on or off, got \"" + c.get("jit").orElseThrow() + "\"");
        };
        long heap = c.bytes("worker-heap", 256L << 20);
        if (heap < 64L << 20) {
            throw new ConfigurationException(c.pathOf("worker-heap"), "must be at least 64mb, got " + heap + " bytes");
        }
        Duration grace = c.duration("kill-grace", Duration.ofMillis(100));
        if (grace.isZero()) {
            throw new ConfigurationException(c.pathOf("kill-grace"), "must be positive");
        }
        return new GraalJsConfig(mode,
                c.integer("workers", context.platform().workerSlots(), 1, 256),
                heap,
                c.integer("max-executions-per-worker", 1_000_000, 1, Integer.MAX_VALUE),
                jit,
                c.get("jit-module-path").map(Path::of),
                grace,
                c.integer("compiled-cache-size", 64, 0, 100_000),
                c.integer("dedicated-workers", 1, 1, 64),
                c.integer("quarantine-after-kills", 3, 1, 1_000),
                c.duration("quarantine-window", Duration.ofMinutes(10)),
                c.integer("warm-up-executions", 500, 0, 1_000_000),
                c.integer("spare-workers", 1, 0, 64),
                spin(c, "worker-spin", Duration.ofNanos(100_000)),
                spin(c, "result-spin", Duration.ofNanos(250_000)));
    }

    private static Duration spin(PluginConfig c, String key, Duration fallback) {
        Duration d = c.duration(key, fallback);
        if (d.compareTo(Duration.ofMillis(10)) > 0) {
            throw new ConfigurationException(c.pathOf(key), "polling burns a CPU; at most 10ms, got " + d.toMillis() + "ms");
        }
        return d;
    }
}
