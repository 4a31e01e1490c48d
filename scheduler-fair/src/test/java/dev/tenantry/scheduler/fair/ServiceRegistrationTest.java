package dev.tenantry.scheduler.fair;

import dev.tenantry.spi.scheduling.SchedulerProvider;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceRegistrationTest {

    @Test
    void serviceLoaderFindsTheThreeSchedulersByName() {
        // the tests run inside this module, which provides the service but does not use it
        getClass().getModule().addUses(SchedulerProvider.class);

        assertThat(ServiceLoader.load(SchedulerProvider.class).stream().map(p -> p.get().name()))
                .contains("fair", "priority-aging", "fifo");
    }

    @Test
    void theServicesFileListsEveryProviderForTheClassPath() throws IOException {
        try (InputStream in = getClass().getClassLoader()
                .getResourceAsStream("META-INF/services/" + SchedulerProvider.class.getName())) {
            assertThat(in).isNotNull();
            String listed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(listed.lines().map(String::strip)).containsExactlyInAnyOrder(
                    FairSchedulerProvider.class.getName(),
                    PriorityAgingSchedulerProvider.class.getName(),
                    FifoSchedulerProvider.class.getName());
        }
    }
}
