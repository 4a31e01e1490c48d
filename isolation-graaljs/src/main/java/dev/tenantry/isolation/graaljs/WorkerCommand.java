package dev.tenantry.isolation.graaljs;

import dev.tenantry.spi.ConfigurationException;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The command line of a worker JVM: the supervisor's own java binary, module path and class path, the
 * worker's heap as the hard memory wall, and the optimizing runtime when the JDK and the compiler jar allow it.
 *
 * @param command the full command
 * @param jitEnabled whether the JIT flags are on it
 */
record WorkerCommand(List<String> command, boolean jitEnabled) {
    /** The JIT needs JVMCI as shipped from JDK 25 on; on older JDKs the Graal compiler jar does not start. */
    static final int JIT_MIN_FEATURE = 25;
    /** The exit code of a JVM stopped by {@code -XX:+ExitOnOutOfMemoryError}. */
    static final int OOM_EXIT_CODE = 3;

    WorkerCommand {
        command = List.copyOf(command);
    }

    /**
     * Builds the command.
     *
     * @param config the bound configuration
     * @param raw the raw configuration, for the paths named in errors
     * @throws ConfigurationException if {@code jit: on} cannot be honoured or {@code jit-module-path} holds no jar
     */
    static WorkerCommand build(GraalJsConfig config, dev.tenantry.spi.PluginConfig raw) {
        String java = ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Optional<Path> jitPath = jitFolder(config, raw);
        boolean jit = switch (config.jit()) {
            case OFF -> false;
            case AUTO -> jitPath.isPresent() && Runtime.version().feature() >= JIT_MIN_FEATURE;
            case ON -> {
                if (Runtime.version().feature() < JIT_MIN_FEATURE) {
                    throw new ConfigurationException(raw.pathOf("jit"),
                            "jit is on but this JDK (" + Runtime.version().feature() + ") is older than " + JIT_MIN_FEATURE);
                }
                if (jitPath.isEmpty()) {
                    throw new ConfigurationException(raw.pathOf("jit-module-path"),
                            "jit is on but no folder with the Graal compiler jar was found; set jit-module-path");
                }
                yield true;
            }
        };
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("-Xmx" + (config.workerHeap() >> 20) + "m");
        cmd.add("-Xms" + Math.min(64, config.workerHeap() >> 20) + "m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        // The VM prints its own messages (the out-of-memory notice above, stack-overflow warnings) to stdout by
        // default, which is the protocol pipe: a stray line there reads as a corrupt frame.
        cmd.add("-XX:+DisplayVMOutputToStderr");
        cmd.add("-Xshare:auto");
        if (jit) {
            cmd.add("-XX:+UnlockExperimentalVMOptions");
            cmd.add("-XX:+EnableJVMCI");
            cmd.add("--upgrade-module-path=" + jitPath.orElseThrow());
        }
        if (Runtime.version().feature() >= 24) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        String modulePath = System.getProperty("jdk.module.path", "");
        String classPath = System.getProperty("java.class.path", "");
        boolean modular = WorkerMain.class.getModule().isNamed() && !modulePath.isEmpty();
        if (modular) {
            cmd.add("--enable-native-access=org.graalvm.truffle");
            cmd.add("--module-path");
            cmd.add(modulePath);
            if (!classPath.isEmpty()) {
                cmd.add("-cp");
                cmd.add(classPath);
            }
            cmd.add("-m");
            cmd.add(WorkerMain.class.getModule().getName() + "/" + WorkerMain.class.getName());
        } else {
            cmd.add("--enable-native-access=ALL-UNNAMED");
            cmd.add("-cp");
            cmd.add(classPath);
            cmd.add(WorkerMain.class.getName());
        }
        cmd.add(Integer.toString(config.compiledCacheSize()));
        cmd.add(Integer.toString(config.warmUpExecutions()));
        cmd.add(Long.toString(config.workerSpin().toNanos()));
        return new WorkerCommand(cmd, jit);
    }

    /** The configured folder, else {@code jit} next to this module's classes or jar, if it holds a jar. */
    static Optional<Path> jitFolder(GraalJsConfig config, dev.tenantry.spi.PluginConfig raw) {
        if (config.jitModulePath().isPresent()) {
            Path p = config.jitModulePath().get();
            if (!holdsJar(p)) {
                throw new ConfigurationException(raw.pathOf("jit-module-path"), "no jar in " + p.toAbsolutePath());
            }
            return Optional.of(p.toAbsolutePath());
        }
        try {
            var location = WorkerMain.class.getProtectionDomain().getCodeSource();
            if (location == null) {
                return Optional.empty();
            }
            Path self = Path.of(location.getLocation().toURI());
            Path candidate = self.getParent().resolve("jit");
            return holdsJar(candidate) ? Optional.of(candidate) : Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean holdsJar(Path folder) {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".jar"));
        } catch (IOException e) {
            return false;
        }
    }
}
