package dev.tenantry.core;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Launches the demo the way the launcher does, {@code java -p ... -m dev.tenantry.core/...}, on core's own
 * module path. Surefire patches and opens modules for tests, so only a real launch shows that the module
 * graph resolves (every {@code requires} present) and that Guice may build the platform (its {@code opens}).
 * The isolation and scheduler test fixtures are compiled into a module of their own for the launch; the
 * quota policy is core's own {@code standard}. The tour of the real assembly (GraalJS, fair scheduler)
 * belongs to the assembly's smoke test.
 */
class DemoLaunchTest {
    private static final List<String> FIXTURES = List.of("ScriptSandboxFixture", "FifoSchedulerFixture");

    @TempDir
    Path dir;

    private String modulePath;
    private Path jdkBin;

    @BeforeEach
    void findModulePath() {
        String testModulePath = System.getProperty("jdk.module.path");
        assumeTrue(testModulePath != null && !testModulePath.isBlank(), "tests are not running on the module path");
        // Copied by the build (maven-dependency-plugin); surefire keeps some of them on its class path.
        Path runtimeModules = Path.of(System.getProperty("basedir", "."), "target/runtime-modules");
        assertThat(runtimeModules).isDirectory();
        modulePath = testModulePath + File.pathSeparator + runtimeModules;
        jdkBin = Path.of(ProcessHandle.current().info().command().orElseThrow()).getParent();
    }

    @Test
    void theDemoSaysInOneLineThatNoIsolationProviderIsInstalled() throws Exception {
        Result r = run(List.of(java(), "-p", modulePath, "-m", "dev.tenantry.core/dev.tenantry.core.Demo"));

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.stderr().strip().lines().toList()).last().isEqualTo("tenantry: no isolation provider found: put an"
                + " isolation module such as dev.tenantry.isolation.graaljs on the module path");
    }

    @Test
    void theDemoRunsTheWholePipelineOnTheRealModulePath() throws Exception {
        Path fixtures = compileFixtureModule();

        Result r = run(List.of(java(), "--sun-misc-unsafe-memory-access=allow", "-p",
                fixtures + File.pathSeparator + modulePath, "-m", "dev.tenantry.core/dev.tenantry.core.Demo"));

        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stdout())
                .contains("isolation: 'fixture-script' (module tenantry.fixtures)")
                .contains("quotas: 'standard' (module dev.tenantry.core)")
                .contains("created tenant acme (professional)")
                .contains("created tenant globex (starter)")
                .contains("it authenticates as acme")
                // The fixture sandbox speaks its own instruction set, not JavaScript.
                .contains("acme: failed (syntax_error)")
                .contains("usage of acme today: 2 executions")
                .contains("usage of globex today: 2 executions")
                .contains("2 events:");
    }

    private Path compileFixtureModule() throws Exception {
        Path src = dir.resolve("src/tenantry.fixtures");
        Path pkg = src.resolve("dev/tenantry/fixtures");
        Files.createDirectories(pkg);
        Path testSources = Path.of(System.getProperty("basedir", "."), "src/test/java/dev/tenantry/core/fixtures");
        for (String f : FIXTURES) {
            String code = Files.readString(testSources.resolve(f + ".java"))
                    .replace("package dev.tenantry.core.fixtures;", "package dev.tenantry.fixtures;");
            Files.writeString(pkg.resolve(f + ".java"), code);
        }
        Files.writeString(src.resolve("module-info.java"), """
                module tenantry.fixtures {
                    requires dev.tenantry.spi;
                    provides dev.tenantry.spi.isolation.IsolationProvider with dev.tenantry.fixtures.ScriptSandboxFixture;
                    provides dev.tenantry.spi.scheduling.SchedulerProvider with dev.tenantry.fixtures.FifoSchedulerFixture;
                }
                """);
        Path out = dir.resolve("modules");
        Result javac = run(List.of(jdkBin.resolve("javac").toString(), "-d", out.toString(), "--module-source-path",
                dir.resolve("src").toString(), "-p", modulePath, "-m", "tenantry.fixtures"));
        assertThat(javac.exit()).as(javac.stderr()).isZero();
        return out.resolve("tenantry.fixtures");
    }

    private String java() {
        return jdkBin.resolve("java").toString();
    }

    private record Result(int exit, String stdout, String stderr) {
    }

    private Result run(List<String> command) throws IOException, InterruptedException {
        Path stdout = dir.resolve("stdout-" + System.nanoTime());
        Path stderr = dir.resolve("stderr-" + System.nanoTime());
        Process p = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("did not finish within 120 s: " + command);
        }
        return new Result(p.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }
}
