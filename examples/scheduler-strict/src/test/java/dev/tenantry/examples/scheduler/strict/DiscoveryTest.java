package dev.tenantry.examples.scheduler.strict;

import dev.tenantry.spi.scheduling.SchedulerProvider;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class DiscoveryTest {

    @Test
    void serviceLoaderFindsTheSchedulerOnTheModulePath() {
        // the tests run inside this module, which provides the service but does not use it
        getClass().getModule().addUses(SchedulerProvider.class);

        assertThat(getClass().getModule().isNamed()).as("tests run on the module path").isTrue();
        assertThat(ServiceLoader.load(SchedulerProvider.class).stream().map(p -> p.get().name()))
                .contains("strict-priority");
    }

    @Test
    void serviceLoaderFindsTheSchedulerOnTheClassPathOfAnotherJvm() throws Exception {
        // every entry of this JVM's module path and class path, handed to a child JVM as a plain class path
        List<String> entries = new ArrayList<>();
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(property, "");
            for (String e : value.split(File.pathSeparator)) {
                if (!e.isBlank()) {
                    entries.add(e);
                }
            }
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", String.join(File.pathSeparator, entries),
                ClassPathProbe.class.getName()).redirectErrorStream(true).start();
        String output;
        try {
            output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            if (!child.waitFor(60, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }

        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("unnamed module: true").contains("strict-priority");
    }

    /** Run in the child JVM: lists the scheduler names {@link ServiceLoader} finds on the class path. */
    public static final class ClassPathProbe {
        private ClassPathProbe() {
        }

        /** @param args none */
        public static void main(String[] args) throws IOException {
            System.out.println("unnamed module: " + !SchedulerProvider.class.getModule().isNamed());
            ServiceLoader.load(SchedulerProvider.class).forEach(p -> System.out.println(p.name()));
        }
    }
}
